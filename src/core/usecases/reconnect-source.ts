import type { LibrarySummary } from '../../contract';
import { libraryView } from './library-view';
import type { SettingsDeps } from './ports';

export interface ReconnectSourceCommand {
  libraryId: string;
}

/** After a site admin reauthorized: the banner clears and every sync resumes from its checkpoint. */
export async function reconnectSource(deps: SettingsDeps, actor: string, input: ReconnectSourceCommand): Promise<LibrarySummary> {
  const status = await deps.sources.reconnect(input.libraryId, actor);
  return { library: libraryView(await deps.libraries.require(status.libraryId), { kind: 'admin' }), status };
}
