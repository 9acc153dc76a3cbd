import type { LibrarySummary } from '../../contract';
import type { Visibility } from '../library';
import { summaryFor } from './library-view';
import type { SettingsDeps } from './ports';

export interface CreateLibraryCommand {
  name: string;
  visibility?: Visibility;
  /** `true` when the admin confirmed that a public Library lets anyone query it. */
  confirmPublic?: boolean;
}

/**
 * A site admin creates a Library (private unless told otherwise; public only with `confirmPublic: true`).
 * The caller's site-admin rights are checked before this runs (the resolver's `access: 'site-admin'`).
 *
 * @example
 *   const { library } = await createLibrary(deps, actor, { name: 'Handbook' });
 */
export async function createLibrary(deps: SettingsDeps, actor: string, input: CreateLibraryCommand): Promise<LibrarySummary> {
  const library = await deps.libraries.create({ name: input.name, visibility: input.visibility, confirmPublic: input.confirmPublic }, actor);
  return summaryFor(deps, library, { kind: 'admin' });
}
