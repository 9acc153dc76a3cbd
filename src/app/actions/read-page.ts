import { readPage } from '../../core/usecases';
import type { PlatformContext } from '../context';
import { runAction, type ActionPayload, type ActionResult } from './result';

/** `read-page` (manifest `action`, exposed by `rovo:mcp` and the Rovo agent): the core use case, as the invoking user. */
export function actionReadPage(payload: ActionPayload<Record<string, unknown>>, invocation?: PlatformContext): Promise<ActionResult> {
  return runAction('read-page', payload, invocation, readPage);
}
