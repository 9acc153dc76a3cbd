import { searchLibrary } from '../../core/usecases';
import type { PlatformContext } from '../context';
import { runAction, type ActionPayload, type ActionResult } from './result';

/** `search-library` (manifest `action`, exposed by `rovo:mcp` and the Rovo agent): the core use case, as the invoking user. */
export function actionSearchLibrary(payload: ActionPayload<Record<string, unknown>>, invocation?: PlatformContext): Promise<ActionResult> {
  return runAction('search-library', payload, invocation, searchLibrary);
}
