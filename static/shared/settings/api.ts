import { invokeResolver } from '../invokeResolver';

/** One resolver function as the contract (src/contract.ts) describes it. */
interface Endpoint {
  payload: unknown;
  result: unknown;
}

/** A resolver's refusal: `{ error: { code, message } }`, with a message safe to show. */
interface Refusal {
  error: { code: string; message: string };
}

/** The resolver refused (forbidden, invalid, conflict...); `message` is written for the person using the page. */
export class RefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

function isRefusal(value: unknown): value is Refusal {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

type PayloadArgs<P> = [P] extends [void] ? [] : [payload: P];
export type Success<R> = Exclude<R, Refusal>;

export type ApiCall<Api extends { [K in keyof Api]: Endpoint }> = <K extends keyof Api & string>(
  functionKey: K,
  ...args: PayloadArgs<Api[K]['payload']>
) => Promise<Success<Api[K]['result']>>;

/**
 * A typed caller for one UI's resolver contract (e.g. `resolverClient<AdminApi>()`): payloads and answers are
 * checked against the contract at compile time, and both a failed call and a refusal reject with an Error whose
 * message the page can show as is.
 */
export function resolverClient<Api extends { [K in keyof Api]: Endpoint }>(): ApiCall<Api> {
  return async (functionKey, ...args) => {
    const result = await invokeResolver<unknown>(functionKey, args[0] as Record<string, unknown> | undefined);
    if (isRefusal(result)) throw new RefusedError(result.error.code, result.error.message);
    return result as never;
  };
}

/** The message to show for anything a resolver call threw. */
export function errorMessage(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'Something went wrong. Try again.';
}
