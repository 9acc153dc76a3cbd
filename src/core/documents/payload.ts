/**
 * Documents in a ship request: the bounds `librarian ship` keeps to and the schema the ship web trigger checks.
 * A Document is sent whole or not at all (a cut Document would read as removed sections), so one over the bound
 * is left out and named in the change's `cut`.
 *
 * @example
 * const body = { change, documents: [{ path: 'docs/deploy.md', target: { pageId: '123' }, markdown, digest }] };
 * shipDocuments.parse(body.documents);
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { pathProblem } from './path';
import type { ShipDocument } from './types';

/** Most bytes of one Document's Markdown: its proposal keeps the Markdown and its storage format in one KVS value (240 KiB). */
export const MAX_DOCUMENT_BYTES = 50_000;
/**
 * Most bytes all Documents of one ship request take as JSON; the code change keeps the rest of the request's
 * budget (MAX_CHANGE_BYTES), so a request stays below the web trigger's limit and one queue push below 200 KB.
 */
export const MAX_DOCUMENTS_BYTES = 60_000;
export const MAX_DOCUMENTS_PER_CHANGE = 20;

export function documentDigest(markdown: string): string {
  return createHash('sha256').update(markdown, 'utf8').digest('hex');
}

const digit = /^\d{1,20}$/;
const target = z.union([
  z.object({ pageId: z.string().regex(digit) }).strict(),
  z.object({ title: z.string().min(1).max(255), spaceKey: z.string().regex(/^~?[A-Za-z0-9_-]{1,255}$/) }).strict(),
]);

export const shipDocument = z
  .object({
    path: z.string().min(1).max(500).refine((p) => pathProblem(p) === undefined, { message: 'not a Markdown path inside the repository' }),
    target,
    parentId: z.string().regex(digit).optional(),
    markdown: z.string().refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_DOCUMENT_BYTES, { message: `a Document is at most ${MAX_DOCUMENT_BYTES} bytes` }),
    digest: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const shipDocuments = z.array(shipDocument).max(MAX_DOCUMENTS_PER_CHANGE);

/** The Documents of a request, or undefined when there are none; `ShipDocument` fits the schema's output. */
export type ShipDocuments = ShipDocument[];
