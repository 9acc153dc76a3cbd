import { invoke } from '@forge/bridge';

type InvokePayload = Record<string, unknown>;

/** A resolver call failed: the function threw, timed out, or the bridge refused the call. */
export class ResolverError extends Error {
  constructor(
    readonly functionKey: string,
    message: string,
  ) {
    super(message);
    this.name = 'ResolverError';
  }
}

/**
 * Calls a resolver function of this UI's backend through @forge/bridge `invoke` and types its answer.
 * The payload must be plain JSON (the bridge refuses functions); identity and the page/space context are added by
 * the platform, never by the caller.
 */
export async function invokeResolver<T>(functionKey: string, payload?: Record<string, unknown>): Promise<T> {
  try {
    // No metadata is requested, so the bridge returns the resolver's value itself, not a { body, metadata } wrapper.
    return (await invoke<InvokePayload, T>(functionKey, payload ?? {})) as T;
  } catch (err) {
    const message = err instanceof Error && err.message ? err.message : 'The request failed.';
    throw new ResolverError(functionKey, message);
  }
}
