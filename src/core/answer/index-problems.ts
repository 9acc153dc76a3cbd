import { AppError, errorKind } from '../errors';
import type { Retriever } from './ports';

/** What an asker is told when the Library's index holds a damaged value: no key, no stack, the way out. */
export const INDEX_NEEDS_REBUILD =
  "This Library's search index is damaged and needs to be rebuilt. A site admin can start that with \"Rebuild index\" on Librarian's settings page.";

/** A question met a damaged index value (kind `corrupt`); its message is `INDEX_NEEDS_REBUILD`, for any asker. */
export class IndexNeedsRebuildError extends AppError {
  constructor() {
    super('corrupt', INDEX_NEEDS_REBUILD);
    this.name = 'IndexNeedsRebuildError';
  }
}

/**
 * A Library's retriever whose `corrupt` failures (a value checked-store.ts refused) are reported, then thrown as
 * `IndexNeedsRebuildError`: the report records the Library's index problem (src/core/sync/index-health.ts), so the
 * settings page shows "Index problem" and "Rebuild index" as it does for a merge that met the value. The report is
 * given the checked store's message (it names the key, never the value) and may fail: the asker still gets the
 * plain error, never the report's failure. Other failures pass through unchanged.
 *
 * @example
 * const retriever = reportingIndexProblems(indexRetriever(index), (message) => recordIndexProblem(state, now, id, message, { onlyIfNew: true }));
 */
export function reportingIndexProblems(retriever: Retriever, report: (message: string) => Promise<void>): Retriever {
  const checked = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (errorKind(error) !== 'corrupt') throw error;
      try {
        await report(error instanceof Error ? error.message : 'A stored index value is damaged.');
      } catch {
        // The banner waits for the next question or merge that meets the value; this asker's answer does not.
      }
      throw new IndexNeedsRebuildError();
    }
  };
  return {
    rank: (question, options) => checked(() => retriever.rank(question, options)),
    read: (candidates) => checked(() => retriever.read(candidates)),
  };
}
