/**
 * What a UI sees when a resolver fails: a code and a message safe to show, never a raw error.
 */
import { refusalFor as toResolverError } from '../../../src/app/resolvers/define';
import { AuthorizationError, RateLimitedError } from '../../../src/core/confluence';

/** What @forge/kvs throws over the per-minute units: a ForgeKvsAPIError with HTTP 429 and code RATE_LIMIT_EXCEEDED. */
function kvsQuota(): Error {
  const error = Object.assign(new Error('Rate limit exceeded for storage reads'), { code: 'RATE_LIMIT_EXCEEDED' });
  error.name = 'ForgeKvsAPIError';
  return error;
}

it('turns Forge storage running out of units into a "busy, try again" answer, not a generic failure', () => {
  expect(toResolverError('test', kvsQuota())).toEqual({ error: { code: 'unavailable', message: 'Librarian is busy right now. Try again in a minute.' } });
  expect(toResolverError('test', Object.assign(new Error('x'), { code: 'RATE_LIMIT_EXCEEDED' })).error.code).toBe('unavailable');
});

it('never shows an unexpected error\'s own message', () => {
  const result = toResolverError('test', new Error('token=abc123 at /secret/path'));
  expect(result.error.code).toBe('internal');
  expect(JSON.stringify(result)).not.toMatch(/abc123|secret/);
});

it('tells a rate-limited Confluence call apart from a lapsed authorization', () => {
  const limited = toResolverError('test', new RateLimitedError({ status: 429, retryAfterSeconds: 5, fromHeader: true }));
  expect(limited.error).toEqual({ code: 'unavailable', message: 'Confluence is busy right now. Try again in a minute.' });
  expect(toResolverError('test', new AuthorizationError({})).error.code).toBe('forbidden');
});
