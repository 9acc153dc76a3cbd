/**
 * A damaged index value met by a question, end to end through the real handlers and SDKs in the local Forge host:
 * the asker gets a plain "needs a rebuild" message (no key, no stack), and the value is recorded as the Library's
 * index problem, so the settings page shows "Index problem" with "Rebuild index" (status.index.lastError), as it
 * does when a merge meets it. The Rovo search action answers the same way.
 */
import { kvs } from '@forge/kvs';
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { INDEX_NEEDS_REBUILD } from '../../src/core/answer';
import { analyzeQuery } from '../../src/core/index/analyzer';
import { termKeyPart } from '../../src/core/index/keys';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let sb: Sandbox;
const clock = new SteppedClock('2026-03-01T09:00:00Z');
const user = (email: string) => sb.seed.users.find((u) => u.email === email)!;
const call = (accountId: string, moduleKey: string, functionKey: string, payload: unknown = {}) =>
  sb.host.invokeResolver({ moduleKey, functionKey, payload, accountId }) as Promise<Loose>;

const QUESTION = 'How do we deploy to production?';

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
}, 180_000);

afterAll(async () => {
  await sb?.close();
});

it('a corrupt term head fails the question with a clear message and shows the admin the index problem', async () => {
  const admin = user('admin@example.com').accountId;
  const member = user('member@example.com').accountId;
  const before = await call(member, 'librarian-ask', 'ask', { question: QUESTION });
  expect(before.kind).toBe('answer');
  const [summary] = (await call(admin, 'librarian-settings', 'listLibraries')).libraries;
  expect(summary.status.index).toBeUndefined();
  const libraryId: string = summary.library.id;

  // Garble the head of one of the question's terms (its inline block, block 0), as a bad write could.
  const heads = sb.host.inspectKvs(`ix.${libraryId}.ix:h:`).map((e) => e.key);
  const term = [...analyzeQuery(QUESTION).keys()].find((t) => heads.includes(`ix.${libraryId}.ix:h:${termKeyPart(t)}`));
  expect(term).toBeDefined();
  const key = `ix.${libraryId}.ix:h:${termKeyPart(term!)}`;
  const secretText = 'garbled-postings-text';
  await sb.host.withInvocation(() => kvs.set(key, { df: 3, nextId: 1, blocks: [], p: secretText }));

  // Storage refuses the record's write first: the asker still gets the plain message, never that failure.
  const fault = sb.host.kvsFaults.add({ code: 'INTERNAL_SERVER_ERROR', status: 500, op: 'write', keyPrefix: 'sync:index:' });
  const refusedWrite = await call(member, 'librarian-ask', 'ask', { question: QUESTION });
  expect(refusedWrite).toEqual({ error: { code: 'unavailable', message: INDEX_NEEDS_REBUILD } });
  expect(sb.host.kvsFaults.list().find((f) => f.id === fault.id)?.hits).toBeGreaterThan(0);
  sb.host.kvsFaults.clear();
  expect((await call(admin, 'librarian-settings', 'listLibraries')).libraries[0].status.index).toBeUndefined();

  const failed = await call(member, 'librarian-ask', 'ask', { question: QUESTION });
  expect(failed).toEqual({ error: { code: 'unavailable', message: INDEX_NEEDS_REBUILD } });
  expect(JSON.stringify(failed)).not.toContain(key);
  expect(JSON.stringify(failed)).not.toContain(secretText);

  // The admin sees it on the settings page, with the way out; the message names the key, never the value.
  const [after] = (await call(admin, 'librarian-settings', 'listLibraries')).libraries;
  expect(after.status.index.lastError).toEqual({ at: expect.any(Number), message: `The stored value ix:h:${termKeyPart(term!)} is not a term head.`, action: 'rebuild-index' });
  expect(JSON.stringify(after)).not.toContain(secretText);

  // The agents' search meets the same value and says the same; the problem already recorded, nothing is rewritten.
  const writes: string[] = [];
  sb.host.kvsFaults.onWrite = (facts) => void writes.push(...facts.keys);
  const searched = (await sb.host.invokeAction('search-library', { query: QUESTION }, member)) as Loose;
  sb.host.kvsFaults.onWrite = undefined;
  expect(searched).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: INDEX_NEEDS_REBUILD } });
  expect(writes.filter((k) => k.startsWith('sync:index:'))).toEqual([]);
  const [still] = (await call(admin, 'librarian-settings', 'listLibraries')).libraries;
  expect(still.status.index.lastError).toEqual(after.status.index.lastError);
}, 120_000);

it('the agents\' list-libraries meets a damaged stats record: the Library is still listed, and the problem recorded', async () => {
  const admin = user('admin@example.com').accountId;
  const member = user('member@example.com').accountId;
  const [summary] = (await call(admin, 'librarian-settings', 'listLibraries')).libraries;
  const libraryId: string = summary.library.id;
  await sb.host.withInvocation(() => kvs.set(`ix.${libraryId}.ix:stats`, { chunks: 'many' }));
  const listed = (await sb.host.invokeAction('list-libraries', {}, member)) as Loose;
  expect(listed.ok).toBe(true);
  expect(listed.libraries.map((l: Loose) => l.id)).toContain(libraryId);
  const [after] = (await call(admin, 'librarian-settings', 'listLibraries')).libraries;
  expect(after.status.index.lastError).toEqual({ at: expect.any(Number), message: 'The stored value ix:stats is not the index statistics.', action: 'rebuild-index' });
}, 60_000);
