import type { SyncStateStore } from './state';

/**
 * Records the Library's index problem (`sync:index:<library>`, `status.index.lastError`) with the way out the
 * settings page offers: "Rebuild index". The same record whoever met the problem: a merge or sync job (the job
 * runner), or a question (Ask, the agents' search), so the admin sees one banner. `onlyIfNew` skips the write
 * when that message is already recorded: a question path meets the same damaged value on every question, and one
 * write per question would spend the storage quota the askers need.
 *
 * @example
 * await recordIndexProblem(state, clock.now(), 'lib1', 'The stored value ix:h:t:deploy is not a term head.');
 */
export async function recordIndexProblem(state: SyncStateStore, now: number, libraryId: string, message: string, options: { onlyIfNew?: boolean } = {}): Promise<void> {
  const health = await state.getIndexHealth(libraryId);
  if (options.onlyIfNew && health?.lastError?.message === message) return;
  await state.putIndexHealth({ ...(health ?? { libraryId }), lastError: { at: now, message, action: 'rebuild-index' } });
}
