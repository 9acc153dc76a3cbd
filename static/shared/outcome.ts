import { invokeResolver } from './invokeResolver';
import { isRefused } from './resolverResult';

/** A resolver call's result for components that show one error shape: a refusal and a failed call alike. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** Shown when the call failed without a message of its own. */
const UNREACHABLE = 'Librarian could not be reached.';

/**
 * A caller of one UI's resolver functions that never throws: the value on success, and on a refusal
 * (`{ error: { message } }`, written to be shown) or a failed call, `{ ok: false, message }`. `Api` is the UI's
 * contract from src/contract, so only its function names are accepted.
 *
 * Example:
 *   const call = outcomeCaller<AskApi>();
 *   const answer = await call<Answer>('ask', { question });
 *   if (!answer.ok) showError(answer.message);
 */
export function outcomeCaller<Api>(): <T>(functionKey: keyof Api & string, payload?: Record<string, unknown>) => Promise<Outcome<T>> {
  return async <T>(functionKey: keyof Api & string, payload?: Record<string, unknown>): Promise<Outcome<T>> => {
    try {
      const value = await invokeResolver<unknown>(functionKey, payload);
      if (isRefused(value)) return { ok: false, message: value.error.message };
      return { ok: true, value: value as T };
    } catch (err) {
      return { ok: false, message: err instanceof Error && err.message ? err.message : UNREACHABLE };
    }
  };
}
