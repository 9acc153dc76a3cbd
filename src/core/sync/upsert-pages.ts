import { mentionedAccountIds } from '../content';
import { parseStorage, type StorageDocument } from '../storage';
import type { PeopleNames } from './people';
import type { SyncIndex } from './ports';
import type { SourcePage } from './types';
import { errorKind } from '../errors';
import { safeMessage } from './errors';

export interface UpsertOutcome {
  indexed: number;
  unchanged: number;
  failed: Array<{ pageId: string; message: string }>;
}

export interface UpsertPagesOptions {
  /** Names for the people the pages @-mention; without it, or for anyone it cannot name, a mention reads as the id. */
  people?: PeopleNames;
}

/**
 * Indexes the pages whose version is newer than the indexed one. A page whose body cannot be indexed is recorded
 * as failed and the rest go on: one bad page never stops a space. The people the batch mentions are named first,
 * all at once, so passages read "@Ada Lovelace" rather than an account id.
 */
export async function upsertPages(
  index: SyncIndex,
  pages: SourcePage[],
  spaceKey: string | ((page: SourcePage) => string),
  options: UpsertPagesOptions = {},
): Promise<UpsertOutcome> {
  const outcome: UpsertOutcome = { indexed: 0, unchanged: 0, failed: [] };
  if (!pages.length) return outcome;
  const known = await index.versions(pages.map((page) => page.id));
  const due: Array<SourcePage & { body: string }> = [];
  for (const page of pages) {
    const indexed = known.get(page.id);
    if (indexed !== undefined && indexed >= page.version) outcome.unchanged += 1;
    else if (page.body === undefined) outcome.failed.push({ pageId: page.id, message: 'The page came without its body.' });
    else due.push({ ...page, body: page.body });
  }
  const parsed = new Map<string, StorageDocument>();
  const names = await namesOfMentioned(due, options.people, parsed);
  const resolveUser = (accountId: string): string | undefined => names.get(accountId);
  for (const page of due) {
    const tree = parsed.get(page.id);
    parsed.delete(page.id);
    try {
      await index.upsert({ ...page, spaceKey: typeof spaceKey === 'function' ? spaceKey(page) : spaceKey }, { resolveUser, ...(tree ? { parsed: tree } : {}) });
      outcome.indexed += 1;
    } catch (error) {
      if (isInfrastructureFailure(error)) throw error;
      outcome.failed.push({ pageId: page.id, message: `Page ${page.id} could not be indexed: ${safeMessage(error)}` });
    }
  }
  return outcome;
}

/**
 * Display names of everyone the pages mention; none (mentions read as ids) when the directory is absent or fails.
 * A page that may mention someone is parsed here once, and its tree left in `parsed` for the index to read.
 */
async function namesOfMentioned(
  pages: Array<{ id: string; body: string }>,
  people: PeopleNames | undefined,
  parsed: Map<string, StorageDocument>,
): Promise<ReadonlyMap<string, string>> {
  if (!people) return new Map();
  try {
    const ids = new Set<string>();
    for (const page of pages) {
      // Most pages mention nobody: only those that may are parsed here (mentionedAccountIds makes the same test).
      if (!/ri:user/i.test(page.body)) continue;
      const tree = parseStorage(page.body);
      parsed.set(page.id, tree);
      for (const id of mentionedAccountIds(tree)) ids.add(id);
    }
    return ids.size ? await people.displayNames(ids) : new Map();
  } catch {
    return new Map();
  }
}

/**
 * Storage, quota, rate-limit and authorization failures are the sync's to retry, not the page's fault: any failure
 * that says its kind, except input the index refused. One that says nothing is the page's own (its body).
 */
function isInfrastructureFailure(error: unknown): boolean {
  const kind = errorKind(error);
  return kind !== undefined && kind !== 'invalid-input';
}
