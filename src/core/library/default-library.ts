/**
 * Which Library an Ask macro answers from. A macro's saved setting wins; a macro without one (or whose Library
 * was deleted) uses the Library that indexes the page's space, else the site's only Library. Only when none of
 * these applies must the reader choose one in the macro settings. The reason is returned so the answer can say
 * which Library it used and why.
 *
 * @example
 *   chooseLibrary(libraries, { configuredId: undefined, spaceKey: 'ENG' })
 *   // -> { library: { id: 'lib-eng', ... }, reason: 'space' }
 */

/** What the rule needs to know of a Library. */
export interface LibraryCandidate {
  id: string;
  name: string;
  /** Keys of the spaces the Library indexes. */
  spaceKeys: string[];
  /** Creation time: of several Libraries indexing the same space, the oldest answers (it was there first). */
  createdAt: number;
}

/** Why the Library was chosen: the macro's settings, the page's space, or being the only one. */
export type LibraryChoiceReason = 'settings' | 'space' | 'only';

export interface LibraryChoice<L extends LibraryCandidate> {
  library: L;
  reason: LibraryChoiceReason;
}

/** Applies the rule; undefined when the reader has to choose. */
export function chooseLibrary<L extends LibraryCandidate>(libraries: readonly L[], where: { configuredId?: string; spaceKey?: string | null }): LibraryChoice<L> | undefined {
  if (where.configuredId) {
    const configured = libraries.find((library) => library.id === where.configuredId);
    if (configured) return { library: configured, reason: 'settings' };
  }
  if (where.spaceKey) {
    const indexing = libraries
      .filter((library) => library.spaceKeys.includes(where.spaceKey as string))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    if (indexing.length > 0) return { library: indexing[0], reason: 'space' };
  }
  return libraries.length === 1 ? { library: libraries[0], reason: 'only' } : undefined;
}
