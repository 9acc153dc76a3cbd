import type { PlatformContext } from '../context';
import { notYetAvailable, type ActionPayload, type ActionResult } from './result';

/** The `list-libraries` action takes no inputs. */
export type ListLibrariesInput = Record<never, never>;

/** `list-libraries`: lists the Libraries the caller may query (coming soon). */
export async function actionListLibraries(
  _payload: ActionPayload<ListLibrariesInput>,
  invocation?: PlatformContext,
): Promise<ActionResult<never>> {
  return notYetAvailable('list-libraries', invocation);
}
