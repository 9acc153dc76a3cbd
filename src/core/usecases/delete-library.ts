import type { SettingsDeps } from './ports';

export interface DeleteLibraryCommand {
  libraryId: string;
}

/**
 * A site admin deletes a Library: it stops answering at once; its index is removed in the background. Its ship
 * and Document data go now, after the Library is marked deleting: the CI secret first, so its CI is refused from
 * here on, and a ship job still queued finds the Library unusable and writes nothing.
 */
export async function deleteLibrary(deps: SettingsDeps, actor: string, input: DeleteLibraryCommand): Promise<{ deleted: true }> {
  await deps.libraries.require(input.libraryId);
  await deps.sources.deleteLibrary(input.libraryId, actor);
  await deps.forgetShipData?.(input.libraryId);
  return { deleted: true };
}
