import { listLibraries } from '../../core/usecases';
import type { PlatformContext } from '../context';
import { runAction, type ActionPayload, type ActionResult } from './result';

/** `list-libraries` (manifest `action`, exposed by `rovo:mcp` and the Rovo agent): the core use case, as the invoking user. */
export function actionListLibraries(payload: ActionPayload<Record<string, unknown>>, invocation?: PlatformContext): Promise<ActionResult> {
  return runAction('list-libraries', payload, invocation, listLibraries);
}
