import type { SettingsDeps } from './ports';

export interface DeleteLibraryCommand {
  libraryId: string;
}

/** A site admin deletes a Library: it stops answering at once; its index is removed in the background. */
export async function deleteLibrary(deps: SettingsDeps, actor: string, input: DeleteLibraryCommand): Promise<{ deleted: true }> {
  await deps.libraries.require(input.libraryId);
  await deps.sources.deleteLibrary(input.libraryId, actor);
  return { deleted: true };
}
