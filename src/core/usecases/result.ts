/**
 * What every agent tool answers: a result an agent can act on, never an exception. The same shape goes out as a
 * Forge action's return value (Rovo), as an MCP tool result and as the CLI's JSON.
 *
 * ```ts
 * const result = await searchLibrary(deps, asker, { query: 'deploy' });
 * if (!result.ok) console.log(result.error.code, result.error.message);
 * ```
 */
export type ToolErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'UNLICENSED'
  | 'BUSY'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface ToolError {
  code: ToolErrorCode;
  /** A sentence for the person behind the agent: never a stack, a token or a raw Confluence answer. */
  message: string;
  /** For BUSY over a question budget: the seconds until the asker may try again (the CLI API sends it as Retry-After). */
  retryAfterSeconds?: number;
}

export type ToolResult<T> = ({ ok: true } & T) | { ok: false; error: ToolError };

/** A use case's refusal, thrown inside a use case and turned into `{ok:false}` at its edge. */
export class ToolFailure extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ToolFailure';
  }
}

export function failure(code: ToolErrorCode, message: string, retryAfterSeconds?: number): { ok: false; error: ToolError } {
  return { ok: false, error: { code, message, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) } };
}

/**
 * The one answer for a page that is missing, trashed, outside the Library or unreadable by the asker: the same
 * words for each, so an agent cannot tell a restricted page from one that does not exist.
 */
export const PAGE_NOT_FOUND = 'No page with that id or URL in this Library, or you may not read it.';
