/**
 * The queue job of one shipped Document: the ship web trigger queues one per Document beside the change's own
 * job (on the same `librarian-ship` queue), so each event stays well below Forge's per-event size limit.
 *
 * @example
 * await queue.push([{ type: 'document', libraryId: 'lib1', document, commit: { head: 'a1b2c3d', subjects: ['Docs'] } }]);
 */
import type { ShipDocument } from './types';

export interface DocumentJob {
  type: 'document';
  libraryId: string;
  /** Retries of this job so far (src/core/jobs counts them). */
  attempt?: number;
  document: ShipDocument;
  commit: { head: string; subjects: string[]; link?: string };
}

export function isDocumentJob(value: unknown): value is DocumentJob {
  const job = value as Partial<DocumentJob> | undefined;
  return job?.type === 'document' && typeof job.libraryId === 'string' && typeof job.document === 'object' && job.document !== null && typeof job.commit === 'object';
}
