import type { PlatformContext } from '../context';
import { notYetAvailable, type ActionPayload, type ActionResult } from './result';

/** Inputs declared for the `read-page` action in manifest.yml. */
export interface ReadPageInput {
  pageId: string;
  section?: string;
  maxChars?: number;
}

/** `read-page`: reads one page, or one section, as clean Markdown (coming soon). */
export async function actionReadPage(
  _payload: ActionPayload<ReadPageInput>,
  invocation?: PlatformContext,
): Promise<ActionResult<never>> {
  return notYetAvailable('read-page', invocation);
}
