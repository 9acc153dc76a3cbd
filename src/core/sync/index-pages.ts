import type { SyncIndex } from './ports';
import type { SourcePage } from './types';
import { safeMessage } from './errors';

export interface IndexOutcome {
  indexed: number;
  unchanged: number;
  failed: Array<{ pageId: string; message: string }>;
}

/**
 * Indexes the pages whose version is newer than the indexed one. A page whose body cannot be indexed is recorded
 * as failed and the rest go on: one bad page never stops a space.
 */
export async function indexPages(index: SyncIndex, pages: SourcePage[], spaceKey: string | ((page: SourcePage) => string)): Promise<IndexOutcome> {
  const outcome: IndexOutcome = { indexed: 0, unchanged: 0, failed: [] };
  if (!pages.length) return outcome;
  const known = await index.versions(pages.map((page) => page.id));
  for (const page of pages) {
    const indexed = known.get(page.id);
    if (indexed !== undefined && indexed >= page.version) {
      outcome.unchanged += 1;
      continue;
    }
    if (page.body === undefined) {
      outcome.failed.push({ pageId: page.id, message: 'The page came without its body.' });
      continue;
    }
    try {
      await index.upsert({ ...page, body: page.body, spaceKey: typeof spaceKey === 'function' ? spaceKey(page) : spaceKey });
      outcome.indexed += 1;
    } catch (error) {
      if (isInfrastructureFailure(error)) throw error;
      outcome.failed.push({ pageId: page.id, message: `Page ${page.id} could not be indexed: ${safeMessage(error)}` });
    }
  }
  return outcome;
}

/** Storage and rate-limit failures are the sync's to retry, not the page's fault. */
function isInfrastructureFailure(error: unknown): boolean {
  if (error instanceof Error && error.name === 'IndexInputError') return false;
  const name = (error as { name?: string } | undefined)?.name ?? '';
  return /RateLimit|Authorization|Storage|Kvs|Forge|Timeout|Confluence/i.test(name);
}
