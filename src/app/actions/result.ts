import { isLicensed, type PlatformContext } from '../context';

/**
 * What every action (MCP tool, Rovo agent action) returns: a JSON object the agent can read as is.
 * `ok: false` carries a machine-readable code and a sentence for the person behind the agent.
 */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ActionErrorCode; message: string } };

export type ActionErrorCode = 'NOT_YET_AVAILABLE' | 'UNLICENSED' | 'INVALID_INPUT';

/** The payload Forge hands an action: the declared inputs plus a `context` describing where it was called from. */
export type ActionPayload<I> = Partial<I> & { context?: Record<string, unknown> };

export function actionFailure(code: ActionErrorCode, message: string): ActionResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * The answer of an action whose feature is still being built, after the checks every action makes first:
 * an unlicensed install refuses, whatever the tool.
 */
export function notYetAvailable(tool: string, invocation?: PlatformContext): ActionResult<never> {
  if (!isLicensed(invocation)) {
    return actionFailure('UNLICENSED', 'Librarian is not licensed on this site; ask a site admin to renew it.');
  }
  return actionFailure('NOT_YET_AVAILABLE', `The ${tool} tool is not available yet: this part of Librarian is coming soon.`);
}
