/**
 * How every resolver says no: `{ error: { code, message } }`, with a message written for the person using the page
 * (never a stack, a token or a raw reply from elsewhere). The code says what kind of no it is, like an HTTP status:
 * `invalid` is a 400, `forbidden` a 403, `not_found` a 404, `conflict` a 409, `unavailable` a 503.
 *
 * @example
 *   const answer = await invoke('createLibrary', { name: 'Handbook' });
 *   if (isRefusal(answer)) show(answer.error.message);
 */
export const REFUSAL_CODES = ['forbidden', 'not_found', 'invalid', 'conflict', 'unlicensed', 'unavailable', 'internal'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  error: { code: RefusalCode; message: string };
}

/** What a resolver function answers: its result, or a refusal. */
export type Result<T> = T | Refusal;

/** The success half of a `Result`. */
export type Success<R> = Exclude<R, Refusal>;

export function refusal(code: RefusalCode, message: string): Refusal {
  return { error: { code, message } };
}

export function isRefusal(value: unknown): value is Refusal {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}
