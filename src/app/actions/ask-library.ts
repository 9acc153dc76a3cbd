import type { PlatformContext } from '../context';
import { notYetAvailable, type ActionPayload, type ActionResult } from './result';

/** Inputs declared for the `ask-library` action in manifest.yml. */
export interface AskLibraryInput {
  question: string;
  library?: string;
}

/** `ask-library`: answers a question from the Library with citations (coming soon). */
export async function actionAskLibrary(
  _payload: ActionPayload<AskLibraryInput>,
  invocation?: PlatformContext,
): Promise<ActionResult<never>> {
  return notYetAvailable('ask-library', invocation);
}
