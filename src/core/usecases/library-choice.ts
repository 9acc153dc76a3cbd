import type { Library } from '../library';
import type { AgentDeps, Asker } from './deps';
import { ToolFailure } from './result';

/** Whether `asker` may query `library` at all, by its visibility (pages are then checked one by one). */
export function mayQuery(library: Library, asker: Asker): boolean {
  if (asker.libraryScope && asker.libraryScope !== library.id) return false;
  if (library.visibility === 'public') return true;
  return asker.accountId !== null;
}

/** The Libraries this asker may query: not being deleted, connected, and allowed by visibility and token scope. */
export async function queryableLibraries(deps: Pick<AgentDeps, 'libraries'>, asker: Asker): Promise<Library[]> {
  return (await deps.libraries.list()).filter((library) => !library.deletingSince && library.source && mayQuery(library, asker));
}

/**
 * The Library a tool call means: the one named (by id, or by name ignoring case), else the token's Library, else
 * the only one the asker may query. A Library outside the token's scope is refused, naming the scope.
 */
export async function chooseLibrary(deps: Pick<AgentDeps, 'libraries'>, asker: Asker, requested: string | undefined): Promise<Library> {
  const all = (await deps.libraries.list()).filter((library) => !library.deletingSince && library.source);
  if (requested) {
    const wanted = requested.toLowerCase();
    const found = all.find((library) => library.id === requested) ?? all.find((library) => library.name.toLowerCase() === wanted);
    const notFound = `No Library "${requested.slice(0, 80)}" that you may query; list-libraries shows them.`;
    if (!found) throw new ToolFailure('NOT_FOUND', notFound);
    if (asker.libraryScope && found.id !== asker.libraryScope) {
      throw new ToolFailure('FORBIDDEN', 'This agent token is scoped to another Library; mint a token for this one.');
    }
    if (!mayQuery(found, asker)) throw new ToolFailure('NOT_FOUND', notFound);
    return found;
  }
  const usable = all.filter((library) => mayQuery(library, asker));
  if (asker.libraryScope) {
    const scoped = usable.find((library) => library.id === asker.libraryScope);
    if (!scoped) throw new ToolFailure('NOT_FOUND', "This agent token's Library no longer exists.");
    return scoped;
  }
  if (usable.length === 1) return usable[0]!;
  if (!usable.length) throw new ToolFailure('NOT_FOUND', 'There is no Library you may query on this site yet.');
  throw new ToolFailure('INVALID_INPUT', `There are ${usable.length} Libraries; pass library (an id or name from list-libraries).`);
}

/** The spaces of a Library to search: all of them, or the one asked for (which must be one of them). */
export function spacesToSearch(library: Library, space: string | undefined): string[] {
  const keys = (library.source?.spaces ?? []).map((s) => s.key);
  if (!space) return keys;
  const match = keys.find((key) => key.toLowerCase() === space.toLowerCase());
  if (!match) throw new ToolFailure('NOT_FOUND', `Space ${space.slice(0, 40)} is not in Library "${library.name}"; it holds ${keys.join(', ') || 'no spaces'}.`);
  return [match];
}
