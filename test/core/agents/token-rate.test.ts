/**
 * The per-token rate holds across function instances: it lives in the key-value store, so two endpoint
 * instances (each with its own in-memory gate) share one budget per token. A tool refused by the question budget
 * (src/core/answer/ask-budget.ts) reaches the CLI as 429 with a Retry-After header that matches its body.
 */
import { AgentTokens, handleAgentRequest, RateLimiter, siteTagOf, TokenRate, type EndpointDeps } from '../../../src/core/agents';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { AskBudget } from '../../../src/core/answer';
import type { AgentDeps } from '../../../src/core/usecases';

const clock = { t: Date.parse('2026-03-01T09:00:00Z'), now() { return this.t; } };

test('slots are shared by every instance and refill with the clock', async () => {
  const store = new MemoryKeyValueStore();
  const shape = { capacity: 3, refillMs: 1000 };
  const a = new TokenRate(store, clock, shape);
  const b = new TokenRate(store, clock, shape);
  const id = '0123456789abcdef';
  expect([await a.take(id), await b.take(id), await a.take(id)]).toEqual([true, true, true]);
  expect(await b.take(id)).toBe(1);
  expect(await a.take('fedcba9876543210')).toBe(true);
  clock.t += 1000;
  expect(await b.take(id)).toBe(true);
  expect(await a.take(id)).toBe(1);
  expect(await a.take('not-a-token-id')).toBe(1);
});

test('two endpoint instances together answer BUSY past the token\'s budget; all at once, never more than it', async () => {
  const store = new MemoryKeyValueStore();
  const tokens = new AgentTokens(store, clock, { siteTag: siteTagOf('ari:cloud:confluence::site/abc') });
  const { token } = await tokens.mint('acc-1', { libraryId: 'lib-1', days: 1 });
  const rate = new TokenRate(store, clock, { capacity: 10, refillMs: 60_000 });
  const instance = (): EndpointDeps => ({
    tokens,
    settings: async () => ({ externalAccess: true }),
    agentDeps: () => { throw new Error('not reached: /api/v1/me needs no tools'); },
    licensed: true,
    limiter: new RateLimiter(clock, 1000, 1000),
    rate,
    version: 'test',
  });
  const instances = [instance(), instance()];
  const request = (t: string) => ({ method: 'GET', path: '/api/v1/me', headers: { authorization: `Bearer ${t}` }, body: '' });
  // One after another, alternating instances: exactly the budget passes.
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await handleAgentRequest(instances[i % 2]!, request(token))).status);
  expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  const busy = await handleAgentRequest(instances[0]!, request(token));
  expect(JSON.parse(busy.body).error.code).toBe('BUSY');
  expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
  // All at once on a second token: create-if-absent slots never let more than the budget through.
  const { token: second } = await tokens.mint('acc-1', { libraryId: 'lib-1', days: 1 });
  const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => handleAgentRequest(instances[i % 2]!, request(second))));
  const passed = burst.filter((r) => r.status === 200).length;
  expect(passed).toBeGreaterThan(0);
  expect(passed).toBeLessThanOrEqual(10);
  expect(burst.filter((r) => r.status === 429)).toHaveLength(30 - passed);
});

test('a tool refused by the question budget answers the CLI with 429 and a Retry-After of the budget\'s own wait', async () => {
  const store = new MemoryKeyValueStore();
  const tokens = new AgentTokens(store, clock, { siteTag: siteTagOf('ari:cloud:confluence::site/abc') });
  const { token } = await tokens.mint('acc-1', { libraryId: 'lib-1', days: 1 });
  // One question a person, then one more every 7 s: the owner's one question is spent in the macro first.
  const budget = new AskBudget(store, clock, { account: { capacity: 1, refillMs: 7_000 }, installation: { capacity: 100, refillMs: 10 } });
  await budget.take('acc-1');
  const unread = (): never => { throw new Error('read past the budget'); };
  const deps: EndpointDeps = {
    tokens,
    settings: async () => ({ externalAccess: true }),
    agentDeps: () => ({ libraries: { get: unread }, access: { readableBy: unread, isGuest: unread, stillCurrent: unread }, retrieverFor: unread, pages: { current: unread, withBody: unread }, budget } as unknown as AgentDeps),
    licensed: true,
    limiter: new RateLimiter(clock, 1000, 1000),
    rate: new TokenRate(store, clock, { capacity: 10, refillMs: 60_000 }),
    version: 'test',
  };
  const call = (tool: string, input: object) => handleAgentRequest(deps, { method: 'POST', path: `/api/v1/tools/${tool}`, headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  for (const response of [await call('search-library', { query: 'deploy' }), await call('ask-library', { question: 'How do we deploy?' })]) {
    expect(response.status).toBe(429);
    const body = JSON.parse(response.body);
    expect(body).toEqual({ ok: false, error: { code: 'BUSY', message: `You are asking too fast. Try again in ${body.error.retryAfterSeconds} s.`, retryAfterSeconds: expect.any(Number) } });
    expect(body.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.error.retryAfterSeconds).toBeLessThanOrEqual(7);
    // The header says what the body says, so an HTTP client that honours Retry-After waits exactly as long.
    expect(response.headers['retry-after']).toBe(String(body.error.retryAfterSeconds));
  }
  // A tool the budget does not cover (no index read) sends no Retry-After when it fails for another reason.
  const missing = await call('no-such-tool', {});
  expect(missing.status).toBe(404);
  expect(missing.headers).not.toHaveProperty('retry-after');
});
