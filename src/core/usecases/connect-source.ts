import type { LibrarySummary } from '../../contract';
import { summaryFor } from './library-view';
import type { SettingsDeps } from './ports';

export interface ConnectSourceCommand {
  libraryId: string;
  /** `user`: the calling admin becomes the identity the indexer reads with. */
  identity: 'app' | 'user';
}

/** A site admin connects Confluence as the Library's Source, or changes the identity it reads with. */
export async function connectSource(deps: SettingsDeps, actor: string, input: ConnectSourceCommand): Promise<LibrarySummary> {
  const identity = input.identity === 'app' ? ({ kind: 'app' } as const) : ({ kind: 'user', accountId: actor } as const);
  return summaryFor(deps, await deps.libraries.connectSource(input.libraryId, identity, actor), { kind: 'admin' });
}
