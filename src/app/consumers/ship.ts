/**
 * Consumer of the `librarian-ship` queue: finds the sections of the Library's pages a shipped change makes wrong
 * (only pages of the Library's spaces) and keeps the findings for Review.
 * TODO(merge with Review): turn each finding's suggested edit into a proposal (origin `code-change`).
 */
import type { AsyncEvent } from '@forge/events';
import { affectedInLibrary, type ShipJob } from '../../core/ship';
import { ForgeKeyValueStore } from '../adapters/kvs';
import { logLine } from '../log';
import { libraries, searchIndexFor } from '../services';
import { documentConsumer } from './documents';

/** Findings kept per change: a change that touches more sections than this is reviewed from its list, not page by page. */
const MAX_FINDINGS = 200;
const store = new ForgeKeyValueStore();

export async function shipConsumer(event: AsyncEvent): Promise<void> {
  if ((event?.body as { type?: unknown } | undefined)?.type === 'document') return documentConsumer(event);
  const job = event?.body as ShipJob | undefined;
  if (job?.type !== 'ship' || typeof job.libraryId !== 'string' || !job.change) {
    logLine('ship', 'dropped an event that is not a ship job');
    return;
  }
  const library = await libraries('queue').get(job.libraryId);
  if (!library || library.deletingSince) return;
  const spaceKeys = library.source?.spaces.map((s) => s.key) ?? [];
  const findings = await affectedInLibrary(searchIndexFor(job.libraryId, 'queue').index, job.change, { spaceKeys });
  await store.set(`ship-findings:${job.libraryId}:${job.change.base}..${job.change.head}`, { at: Date.now(), findings: findings.slice(0, MAX_FINDINGS), total: findings.length });
  logLine('ship', `${job.libraryId}: ${findings.length} sections affected by ${job.change.base}..${job.change.head}`);
}
