/**
 * The KVS layout of proposals. Every key fits Forge's charset `[a-zA-Z0-9:._\s-#]` and 500 characters.
 *
 * | key | value |
 * |---|---|
 * | `rv:p:<id>` | the Proposal record |
 * | `rv:pg:<pageId>:<newest-first time>:<id>` | its ProposalSummary: lists one page's proposals, newest first |
 * | `rv:sp:<space>:<newest-first time>:<id>` | its ProposalSummary: lists one space's queue, newest first |
 * | `rv:rev:<id>:<n>` | claim of revision n: written with create-if-absent, so only one writer wins each revision |
 * | `rv:lock:<id>:<epoch>` | an apply or decline in progress (who, until when): one key per taking, the latest counts |
 */

const MAX_TIME = 9_999_999_999_999;

/** A value as a key part: characters outside `[a-zA-Z0-9._-]` as `#` + 4 hex digits (space keys may hold `~`). */
export function keyPart(value: string): string {
  return value.replace(/[^a-zA-Z0-9._-]/g, (c) => '#' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Newest first: listing is in key order, so the time is stored as its distance from the far future. */
function newestFirst(at: number): string {
  return String(MAX_TIME - Math.max(0, Math.min(MAX_TIME, Math.floor(at)))).padStart(13, '0');
}

export const proposalKeys = {
  record: (id: string) => `rv:p:${id}`,
  pagePrefix: (pageId: string) => `rv:pg:${keyPart(pageId)}:`,
  page: (pageId: string, createdAt: number, id: string) => `rv:pg:${keyPart(pageId)}:${newestFirst(createdAt)}:${id}`,
  spacePrefix: (spaceKey: string) => `rv:sp:${keyPart(spaceKey)}:`,
  space: (spaceKey: string, createdAt: number, id: string) => `rv:sp:${keyPart(spaceKey)}:${newestFirst(createdAt)}:${id}`,
  revision: (id: string, n: number) => `rv:rev:${id}:${n}`,
  revisionPrefix: (id: string) => `rv:rev:${id}:`,
  lockPrefix: (id: string) => `rv:lock:${id}:`,
  /** Epochs zero-padded so key order is number order. */
  lock: (id: string, epoch: number) => `rv:lock:${id}:${String(epoch).padStart(9, '0')}`,
};

/** Proposal ids: 16 lowercase hex characters, random. */
export function isProposalId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-f0-9]{16}$/.test(value);
}
