import type { PlatformContext } from '../context';
import { notYetAvailable, type ActionPayload, type ActionResult } from './result';

/** Inputs declared for the `propose-update` action in manifest.yml. */
export interface ProposeUpdateInput {
  pageId: string;
  change: string;
  replacement?: string;
  section?: string;
  baseVersion?: number;
}

/** `propose-update`: records a proposed page update for Review, or applies it when Auto-Accept is on (coming soon). */
export async function actionProposeUpdate(
  _payload: ActionPayload<ProposeUpdateInput>,
  invocation?: PlatformContext,
): Promise<ActionResult<never>> {
  return notYetAvailable('propose-update', invocation);
}
