import type { ToolResult } from '../../core/usecases';
import { failure, runTool } from '../../core/usecases';
import { readCaller, type PlatformContext } from '../context';
import { logLine } from '../log';
import { invokerAgentDeps } from '../services/agents';
import type { AgentDeps, Asker } from '../../core/usecases';

/**
 * What every action (MCP tool in Rovo, Rovo agent action) returns: a JSON object the agent can read as is.
 * Forge: an action's output is "any string or JSON object", up to 5 MB
 * (developer.atlassian.com/platform/forge/manifest-reference/modules/rovo-action/).
 */
export type ActionResult<T extends object = object> = ToolResult<T> | { ok: false; error: { code: ActionErrorCode; message: string } };

/** The payload Forge hands an action: the declared inputs plus a `context` describing where it was called from. */
export type ActionPayload<I> = Partial<I> & { context?: Record<string, unknown> };

/**
 * Runs a read tool as the person invoking the action. Who that is comes from the platform's invocation context
 * (`principal.accountId`), never from an input: Forge warns that apps must not rely on input values for
 * authorization checks (rovo-action module reference). An unlicensed install refuses before anything is read.
 */
export async function runAction(
  tool: string,
  payload: Record<string, unknown> | undefined,
  invocation: PlatformContext | undefined,
  run: (deps: AgentDeps, asker: Asker, input: Record<string, unknown>) => Promise<ToolResult<object>>,
): Promise<ActionResult> {
  const caller = readCaller(invocation);
  if (!caller.licensed) return failure('UNLICENSED', 'Librarian is not licensed on this site; ask a site admin to renew it.');
  const { context: _context, ...input } = payload ?? {};
  // The agent settings are read before the tool runs: a spent storage quota there is BUSY too, as inside the tool.
  return runTool(
    async () => run(await invokerAgentDeps(), { accountId: caller.accountId }, input),
    (error) => logLine(`action:${tool}`, `unexpected ${(error as Error)?.name ?? 'error'}`),
  );
}

/** Codes an action can refuse with: the read tools' codes (src/core/usecases/result.ts). */
export type ActionErrorCode = Parameters<typeof failure>[0];

export function actionFailure(code: ActionErrorCode, message: string): { ok: false; error: { code: ActionErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}
