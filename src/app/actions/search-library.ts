import type { PlatformContext } from '../context';
import { notYetAvailable, type ActionPayload, type ActionResult } from './result';

/** Inputs declared for the `search-library` action in manifest.yml. */
export interface SearchLibraryInput {
  query: string;
  library?: string;
  space?: string;
  limit?: number;
}

/** `search-library`: searches the Library and returns trimmed Markdown snippets with citations (coming soon). */
export async function actionSearchLibrary(
  _payload: ActionPayload<SearchLibraryInput>,
  invocation?: PlatformContext,
): Promise<ActionResult<never>> {
  return notYetAvailable('search-library', invocation);
}
