import type { LibraryChoice } from '../../contract';
import { isUsable, type Library } from '../library';
import type { Viewer } from './ports';

/**
 * The Libraries an Ask macro may answer from, as this viewer may see them: a signed-in person sees every usable
 * Library with only the spaces they can read; an anonymous visitor sees only public Libraries (their admins
 * confirmed that anyone may query them).
 */
export async function macroLibraries(libraries: { list(): Promise<Library[]> }, viewer: Viewer): Promise<LibraryChoice[]> {
  const usable = (await libraries.list()).filter(isUsable);
  if (!viewer.accountId) {
    return usable.filter((library) => library.visibility === 'public').map((library) => choice(library, () => true));
  }
  const keys = [...new Set(usable.flatMap((library) => (library.source?.spaces ?? []).map((space) => space.key)))];
  const readable = keys.length ? await viewer.readableSpaceKeys(keys) : new Set<string>();
  return usable.map((library) => choice(library, (key) => readable.has(key)));
}

function choice(library: Library, shown: (key: string) => boolean): LibraryChoice {
  return { id: library.id, name: library.name, spaceKeys: (library.source?.spaces ?? []).map((space) => space.key).filter(shown) };
}
