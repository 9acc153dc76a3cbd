import { AskRefusedError, AskTooFastError, INDEX_NEEDS_REBUILD } from '../answer';
import { ConfluenceError } from '../confluence';
import { errorKind } from '../errors';
import { failure, ToolFailure, type ToolError, type ToolResult } from './result';

/**
 * Runs a use case and turns every failure into a result an agent can act on: refusals keep their code, a busy
 * Confluence or an exhausted storage quota is BUSY (try again shortly), a damaged index is UNAVAILABLE saying it
 * needs a rebuild, anything else is INTERNAL with a plain
 * sentence. `onUnexpected` sees the error for a log line; no message from below ever reaches the agent.
 */
export async function runTool<R extends ToolResult<object>>(fn: () => Promise<R>, onUnexpected?: (error: unknown) => void): Promise<R | { ok: false; error: ToolError }> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ToolFailure) return failure(error.code, error.message);
    if (error instanceof AskRefusedError) return failure('INVALID_INPUT', error.message);
    // Over the asker's or the installation's question budget: its own sentence says whose and when to try again.
    if (error instanceof AskTooFastError) return failure('BUSY', error.message, error.retryAfterSeconds);
    if (error instanceof ConfluenceError) {
      onUnexpected?.(error);
      if (error.kind === 'rate-limited') return failure('BUSY', 'Confluence is busy right now; try again in a minute.');
      if (error.kind === 'authorization') return failure('UNAVAILABLE', 'Confluence did not accept the app\'s authorization; an admin may need to reconnect the Source.');
      return failure('UNAVAILABLE', 'Confluence could not answer right now; try again shortly.');
    }
    if (errorKind(error) === 'quota') return failure('BUSY', 'Librarian is busy right now; try again in a minute.');
    // A damaged index value (recorded for the admin by the retriever, src/core/answer/index-problems.ts).
    if (errorKind(error) === 'corrupt') return failure('UNAVAILABLE', INDEX_NEEDS_REBUILD);
    onUnexpected?.(error);
    return failure('INTERNAL', 'Something went wrong in Librarian; try again, and tell your admin if it keeps failing.');
  }
}
