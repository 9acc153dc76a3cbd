import { AskRefusedError } from '../../core/answer';
import { ConfluenceError } from '../../core/confluence';
import { LibraryError } from '../../core/library';
import { AppError, errorKind } from '../../core/errors';
import { readCaller, type Caller, type PlatformContext } from '../context';
import { logLine } from '../log';
import type { ResolverError } from './contract';

/** A refusal of the caller (not signed in, not an admin): the product's one `forbidden` error, kind and message. */
export function forbidden(message: string): AppError {
  return new AppError('forbidden', message);
}

/** What a resolver function receives from @forge/resolver. */
export interface ResolverRequest {
  payload?: unknown;
  context: unknown;
}

/**
 * Wraps a resolver function: reads the caller from the platform context (never the payload), refuses unlicensed
 * installs, and turns failures into `{error: {code, message}}` with a message safe to show, never a stack, a
 * token or a raw Confluence response.
 */
export function handle<P, R>(area: string, fn: (payload: P, caller: Caller) => Promise<R>, options: { allowUnlicensed?: boolean } = {}) {
  return async (request: ResolverRequest): Promise<R | ResolverError> => {
    const caller = readCaller(request.context as PlatformContext);
    if (!caller.licensed && !options.allowUnlicensed) {
      return { error: { code: 'unlicensed', message: 'Librarian needs an active licence for this site.' } };
    }
    try {
      const payload = (request.payload && typeof request.payload === 'object' ? request.payload : {}) as P;
      return await fn(payload, caller);
    } catch (error) {
      return toResolverError(area, error);
    }
  };
}

export function toResolverError(area: string, error: unknown): ResolverError {
  if (error instanceof LibraryError) return { error: { code: error.code, message: error.message } };
  if (error instanceof AppError && error.kind === 'forbidden') return { error: { code: 'forbidden', message: error.message } };
  if (error instanceof AskRefusedError) return { error: { code: 'invalid', message: error.message } };
  if (error instanceof ConfluenceError) {
    logLine(area, `Confluence error ${error.kind} ${error.status}`);
    if (error.kind === 'authorization') return { error: { code: 'forbidden', message: 'Confluence did not accept the authorization. An admin may need to reconnect.' } };
    if (error.kind === 'rate-limited') return { error: { code: 'unavailable', message: 'Confluence is busy right now. Try again in a minute.' } };
    return { error: { code: 'unavailable', message: 'Confluence could not answer right now. Try again shortly.' } };
  }
  if (errorKind(error) === 'quota') {
    logLine(area, 'storage quota reached');
    return { error: { code: 'unavailable', message: 'Librarian is busy right now. Try again in a minute.' } };
  }
  logLine(area, `unexpected ${(error as Error)?.name ?? 'error'}`);
  return { error: { code: 'internal', message: 'Something went wrong. Try again; if it keeps failing, tell your admin.' } };
}

export function requireUser(caller: Caller): string {
  if (!caller.accountId) throw forbidden('Sign in to Confluence first.');
  return caller.accountId;
}

export function stringField(payload: unknown, name: string): string {
  const value = (payload as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || !value) throw new LibraryError('invalid', `Missing ${name}.`);
  return value;
}
