import { INDEX_NEEDS_REBUILD, IndexNeedsRebuildError, reportingIndexProblems, type Retriever } from '../../../src/core/answer';
import { AppError, CorruptValueError } from '../../../src/core/errors';

/** The question path's side of a damaged index: report the checked store's message, tell the asker plainly. */
const failing = (error: Error): Retriever => ({
  rank: async () => {
    throw error;
  },
  read: async () => {
    throw error;
  },
});

it('reports a corrupt value with its message (the key, not the value) and throws the plain rebuild error', async () => {
  const reports: string[] = [];
  const retriever = reportingIndexProblems(failing(new CorruptValueError('ix:h:t:deploy', 'is not a term head')), async (m) => void reports.push(m));
  await expect(retriever.rank('deploy', { limit: 5 })).rejects.toEqual(new IndexNeedsRebuildError());
  await expect(retriever.read([])).rejects.toThrow(INDEX_NEEDS_REBUILD);
  expect(reports).toEqual(['The stored value ix:h:t:deploy is not a term head.', 'The stored value ix:h:t:deploy is not a term head.']);
});

it('a report that fails changes nothing for the asker', async () => {
  const retriever = reportingIndexProblems(failing(new AppError('corrupt', 'A postings block does not decode.')), async () => {
    throw new Error('storage refused');
  });
  await expect(retriever.rank('deploy', { limit: 5 })).rejects.toThrow(INDEX_NEEDS_REBUILD);
});

it('other failures pass through unreported', async () => {
  const reports: string[] = [];
  const busy = new AppError('quota', 'over quota');
  const retriever = reportingIndexProblems(failing(busy), async (m) => void reports.push(m));
  await expect(retriever.rank('deploy', { limit: 5 })).rejects.toBe(busy);
  expect(reports).toEqual([]);
});
