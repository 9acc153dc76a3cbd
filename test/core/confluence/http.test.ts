import {
  AuthorizationError,
  BadResponseError,
  ConfluenceError,
  ConfluenceHttp,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  VersionConflictError,
  isRetryable,
  redactSecrets,
  retryHint,
} from '../../../src/core/confluence';
import { FakeTransport, recordingSleep } from './fake-transport';

const NOW = Date.UTC(2025, 10, 2, 12, 0, 0);
const clock = { now: () => NOW };
const ok = { status: 200, body: { ok: true } };
const get = { method: 'GET' as const, path: '/wiki/api/v2/pages/1?body-format=storage' };

function setup(policy: Record<string, number> = {}) {
  const transport = new FakeTransport();
  const { sleep, waits } = recordingSleep();
  const http = new ConfluenceHttp(transport, { sleep, clock, random: () => 0.5, policy });
  return { transport, http, waits };
}

async function failure(promise: Promise<unknown>): Promise<ConfluenceError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ConfluenceError) return e;
    throw e;
  }
  throw new Error('expected a ConfluenceError');
}

describe('retry hints', () => {
  const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });

  it('reads Retry-After seconds', () => {
    expect(retryHint(headers({ 'Retry-After': '7' }), NOW)).toEqual({ header: 'Retry-After', seconds: 7, clamped: false });
  });

  it('reads Retry-After as an HTTP date', () => {
    expect(retryHint(headers({ 'Retry-After': new Date(NOW + 42_000).toUTCString() }), NOW)?.seconds).toBe(42);
  });

  it('clamps 9223372036854775807 to 900 seconds', () => {
    expect(retryHint(headers({ 'Retry-After': '9223372036854775807' }), NOW)).toEqual({
      header: 'Retry-After',
      seconds: 900,
      clamped: true,
    });
  });

  it('prefers a sane Beta-Retry-After over an absurd Retry-After', () => {
    expect(retryHint(headers({ 'Retry-After': '9223372036854775807', 'Beta-Retry-After': '30' }), NOW)).toEqual({
      header: 'Beta-Retry-After',
      seconds: 30,
      clamped: false,
    });
  });

  it('reads X-RateLimit-Reset as an ISO instant (yyyy-MM-ddTHH:mmZ)', () => {
    expect(retryHint(headers({ 'X-RateLimit-Reset': '2025-11-02T12:03Z' }), NOW)).toEqual({
      header: 'X-RateLimit-Reset',
      seconds: 180,
      clamped: false,
    });
  });

  it('ignores garbage and negative values', () => {
    expect(retryHint(headers({ 'Retry-After': 'soon', 'Beta-Retry-After': '-5' }), NOW)).toBeUndefined();
  });
});

describe('ConfluenceHttp: 429 and 503', () => {
  it('waits out a 429 with Retry-After inside the inline budget, then succeeds', async () => {
    const { transport, http, waits } = setup();
    transport.enqueue({ status: 429, headers: { 'Retry-After': '1' } }, ok);
    const { body } = await http.json<{ ok: boolean }>('app', get);
    expect(body.ok).toBe(true);
    expect(waits).toEqual([1000]);
    expect(transport.requests).toHaveLength(2);
  });

  it('throws RateLimitedError with the clamped wait when Retry-After is 9223372036854775807, without sleeping', async () => {
    const { transport, http, waits } = setup();
    transport.enqueue({ status: 429, headers: { 'Retry-After': '9223372036854775807' } });
    const error = await failure(http.send('app', get));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(900);
    expect((error as RateLimitedError).fromHeader).toBe(true);
    expect(error.status).toBe(429);
    expect(isRetryable(error)).toBe(true);
    expect(waits).toEqual([]);
    expect(transport.requests).toHaveLength(1);
  });

  it('hands a wait longer than the inline budget to the caller as RateLimitedError', async () => {
    const { transport, http, waits } = setup({ maxInlineWaitMs: 2000 });
    transport.enqueue({ status: 429, headers: { 'Retry-After': '1' } }, { status: 429, headers: { 'Retry-After': '5' } });
    const error = (await failure(http.send('app', get))) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(5);
    expect(waits).toEqual([1000]);
  });

  it('spends at most the inline budget in total across several short waits', async () => {
    const { transport, http, waits } = setup({ maxInlineWaitMs: 2000, maxAttempts: 10 });
    for (let i = 0; i < 5; i++) transport.enqueue({ status: 429, headers: { 'Retry-After': '1' } });
    const error = (await failure(http.send('app', get))) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(waits).toEqual([1000, 1000]);
    expect(transport.requests).toHaveLength(3);
  });

  it('backs off with jitter when no header names a wait, doubling the ceiling each attempt', async () => {
    const { transport, http, waits } = setup({ baseBackoffMs: 200, maxBackoffMs: 10_000, maxInlineWaitMs: 10_000 });
    transport.enqueue({ status: 429 }, { status: 503 }, { status: 429 }, ok);
    await http.send('app', get);
    // random() = 0.5: half of 200, 400, 800
    expect(waits).toEqual([100, 200, 400]);
  });

  it('honours Retry-After on 503 as on 429', async () => {
    const { transport, http, waits } = setup();
    transport.enqueue({ status: 503, headers: { 'Retry-After': '2' } }, ok);
    await http.send('app', get);
    expect(waits).toEqual([2000]);
  });

  it('gives up after maxAttempts with a RateLimitedError carrying at least one second', async () => {
    const { transport, http } = setup({ maxAttempts: 2, maxInlineWaitMs: 60_000 });
    transport.enqueue({ status: 429, headers: { 'Retry-After': '0' } }, { status: 429, headers: { 'Retry-After': '0' } });
    const error = (await failure(http.send('app', get))) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(1);
    expect(transport.requests).toHaveLength(2);
  });

  it('suggests the fallback re-queue delay when Cloud named no wait', async () => {
    const { transport, http } = setup({ maxAttempts: 2, fallbackRetryAfterSeconds: 30 });
    transport.enqueue({ status: 429 }, { status: 429 });
    const error = (await failure(http.send('app', get))) as RateLimitedError;
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.fromHeader).toBe(false);
  });

  it('retries a 429 on POST too: the request was refused, not processed', async () => {
    const { transport, http } = setup();
    transport.enqueue({ status: 429, headers: { 'Retry-After': '1' } }, { status: 200, body: { id: '5' } });
    await http.json('app', { method: 'POST', path: '/wiki/api/v2/pages', json: { title: 'x' } });
    expect(transport.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});

describe('ConfluenceHttp: 5xx and network failures', () => {
  it('retries 500 a bounded number of times for GET, then throws ServerError', async () => {
    const { transport, http, waits } = setup({ maxAttempts: 3, maxInlineWaitMs: 10_000 });
    transport.enqueue({ status: 500 }, { status: 502 }, { status: 504, body: { message: 'gateway timeout' } });
    const error = await failure(http.send('app', get));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(504);
    expect(error.message).toContain('gateway timeout');
    expect(transport.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('recovers when a retried 500 succeeds', async () => {
    const { transport, http } = setup();
    transport.enqueue({ status: 500 }, ok);
    await expect(http.json('app', get)).resolves.toMatchObject({ body: { ok: true } });
  });

  it('does not retry a 500 on POST, which might have been applied', async () => {
    const { transport, http } = setup();
    transport.enqueue({ status: 500 }, ok);
    const error = await failure(http.send('app', { method: 'POST', path: '/wiki/api/v2/footer-comments', json: {} }));
    expect(error).toBeInstanceOf(ServerError);
    expect(transport.requests).toHaveLength(1);
  });

  it('retries a thrown transport error, then throws NetworkError', async () => {
    const { transport, http } = setup({ maxAttempts: 2 });
    transport.enqueue(new TypeError('fetch failed'), new TypeError('fetch failed'));
    const error = await failure(http.send('app', get));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('TypeError');
    expect(transport.requests).toHaveLength(2);
  });
});

describe('ConfluenceHttp: status mapping and secrets', () => {
  const token = 'ATATT3xFfGF0T5JNHZ3bGx0c2VjcmV0dG9rZW4';
  const basic = 'Basic YWRtaW5AZXhhbXBsZS5jb206QVRBVFQzeEZmR0Yw';

  it.each([
    [401, AuthorizationError, 'authorization'],
    [403, ForbiddenError, 'forbidden'],
    [404, NotFoundError, 'not-found'],
    [409, VersionConflictError, 'version-conflict'],
  ] as const)('maps %i to its typed error, not retried, with no token text', async (status, type, kind) => {
    const { transport, http, waits } = setup();
    transport.enqueue({
      status,
      headers: { 'Retry-After': '1' },
      body: { message: `Unauthorized; Authorization: ${basic} token=${token} bearer ${token}` },
    });
    const error = await failure(http.send('user', { method: 'PUT', path: '/wiki/api/v2/pages/7?x=secret', json: {} }));
    expect(error).toBeInstanceOf(type);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(isRetryable(error)).toBe(false);
    expect(transport.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    const shown = `${error.message} ${error.cloudMessage ?? ''} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(token);
    expect(shown).not.toContain('YWRtaW5AZXhhbXBsZS5jb206QVRBVFQzeEZmR0Yw');
    expect(shown).not.toContain('x=secret');
    expect(error.message).toContain('PUT /wiki/api/v2/pages/7');
  });

  it('keeps useful Cloud text such as the scope mismatch on 401', async () => {
    const { transport, http } = setup();
    transport.enqueue({ status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } });
    const error = await failure(http.send('app', get));
    expect(error.cloudMessage).toBe('Unauthorized; scope does not match');
  });

  it('reads v2 error bodies ({errors:[{title, detail}]})', async () => {
    const { transport, http } = setup();
    transport.enqueue({ status: 400, body: { errors: [{ status: 400, code: 'INVALID_REQUEST_PARAMETER', title: 'Provided value for limit is not valid', detail: null }] } });
    const error = await failure(http.send('app', get));
    expect(error.constructor).toBe(ConfluenceError);
    expect(error.status).toBe(400);
    expect(error.message).toContain('Provided value for limit is not valid');
  });

  it('treats a non-JSON 200 as BadResponseError', async () => {
    const { transport, http } = setup();
    transport.enqueue({ status: 200, body: '<html>login</html>' });
    await expect(http.json('app', get)).rejects.toBeInstanceOf(BadResponseError);
  });

  it('sends JSON with content type and never an Authorization header of its own', async () => {
    const { transport, http } = setup();
    transport.enqueue(ok);
    await http.json('app', { method: 'POST', path: '/wiki/api/v2/pages', json: { a: 1 } });
    expect(transport.requests[0]?.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' });
    expect(transport.requests[0]?.body).toEqual({ a: 1 });
  });

  it('redacts credentials from arbitrary text', () => {
    expect(redactSecrets(`authorization: ${basic}`)).toBe('authorization: [redacted]');
    expect(redactSecrets(`used Bearer ${token}!`)).toBe('used Bearer [redacted]!');
    expect(redactSecrets(`token ${token}`)).toBe('token [redacted]');
    expect(redactSecrets('/x?access_token=abc&y=1')).toBe('/x?access_token=[redacted]&y=1');
  });
});
