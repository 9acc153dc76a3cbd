/**
 * The Ask budget through the Ask macro's resolver in the sandbox, on a stepped clock (the budget's slots and the
 * host's per-minute storage quota both follow it, so nothing here depends on how fast the machine is): a person
 * over their budget is told to slow down and when to try again, nobody else notices, and a flood of questions
 * leaves the installation's read quota to everyone else and to indexing.
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { PER_ACCOUNT } from '../../src/core/answer/ask-budget';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A small read quota (Forge's is 4,000 units a minute): before the budget, one person's flood spent it all. */
const READ_UNITS_PER_MINUTE = 1_500;
const QUESTION = 'How does Postgres failover work?';

let sb: Sandbox;
const clock = new SteppedClock('2026-03-01T09:00:00Z');
const user = (email: string) => sb.seed.users.find((u) => u.email === email)!.accountId;
const ask = (accountId: string, question = QUESTION) =>
  sb.host.invokeResolver({ moduleKey: 'librarian-ask', functionKey: 'ask', payload: { question }, accountId }) as Promise<Loose>;

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', limits: { kvs: { readUnitsPerMinute: READ_UNITS_PER_MINUTE } } });
  await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
}, 180_000);

afterAll(async () => {
  await sb?.close();
});

/** Moves the clock to `seconds` past the start of the next minute (a fresh storage quota, slot-aligned). */
function toNextMinute(seconds: number): void {
  const now = clock.now();
  clock.advance(Math.ceil((now + 1) / 60_000) * 60_000 + seconds * 1000 - now);
}

it('answers a person up to their budget, then says to slow down and when to try again; others are still answered', async () => {
  toNextMinute(3);
  const member = user('member@example.com');
  const admin = user('admin@example.com');
  for (let i = 0; i < PER_ACCOUNT.capacity; i += 1) {
    const answer = await ask(member);
    expect(answer.error).toBeUndefined();
    expect(answer.kind).toBe('answer');
  }
  // 3 s into a 6 s slot: the next slot frees in 3 s.
  expect(PER_ACCOUNT.refillMs).toBe(6_000);
  expect(await ask(member)).toEqual({ error: { code: 'unavailable', message: 'You are asking too fast. Try again in 3 s.' } });
  expect((await ask(admin)).kind).toBe('answer');

  clock.advance(3_000);
  expect((await ask(member)).kind).toBe('answer');
  expect(await ask(member)).toEqual({ error: { code: 'unavailable', message: 'You are asking too fast. Try again in 6 s.' } });
}, 120_000);

it('a flood of questions by one person costs the quota one read each and leaves it to others and to indexing', async () => {
  toNextMinute(0);
  const flooder = user('jonas.berg@example.com');
  const admin = user('admin@example.com');
  const before = sb.host.kvsUsage().readUnits;
  const answers = [];
  for (let i = 0; i < 200; i += 1) answers.push(await ask(flooder));
  const spent = sb.host.kvsUsage().readUnits - before;
  expect(answers.filter((a) => a.kind === 'answer')).toHaveLength(PER_ACCOUNT.capacity);
  expect(answers.filter((a) => a.error?.message?.startsWith('You are asking too fast.'))).toHaveLength(200 - PER_ACCOUNT.capacity);
  // Each refused question reads one list of the flooder's slots; the few answered ones read the index.
  expect(spent).toBeLessThan(READ_UNITS_PER_MINUTE / 2);

  // Everyone else is answered in the same minute, and an edit made now is indexed and found within it.
  expect((await ask(admin)).kind).toBe('answer');
  const page = sb.sim.control.findPage('Runbook: Postgres failover')!;
  sb.sim.control.updatePage(page.id, { as: admin, body: '<p>Failover is rehearsed by the zanzibar-quokka drill every Tuesday.</p>' });
  await sb.host.drain({ advanceClock: false, timeoutMs: 60_000 });
  const found = await ask(admin, 'When is the zanzibar-quokka drill?');
  expect(found.passages?.[0]?.text).toContain('zanzibar-quokka drill');
}, 180_000);

it('is one budget per person wherever they ask: after 20 questions in the macro, their Rovo actions are told to slow down too', async () => {
  // Ten minutes on: every bucket is full again and the storage quota is fresh.
  clock.advance(10 * 60_000);
  toNextMinute(1);
  const admin = user('admin@example.com');
  const member = user('member@example.com');
  for (let i = 0; i < PER_ACCOUNT.capacity; i += 1) expect((await ask(admin)).kind).toBe('answer');
  for (const [key, input] of [['ask-library', { question: QUESTION }], ['search-library', { query: 'postgres failover' }]] as const) {
    const refused = (await sb.host.invokeAction(key, input, admin)) as Loose;
    expect(refused).toEqual({ ok: false, error: { code: 'BUSY', message: 'You are asking too fast. Try again in 5 s.', retryAfterSeconds: 5 } });
  }
  // Someone else's agent is answered, and their question costs their own budget only.
  const answered = (await sb.host.invokeAction('ask-library', { question: QUESTION }, member)) as Loose;
  expect(answered.ok).toBe(true);
  expect(answered.answer.passages.length).toBeGreaterThan(0);
}, 120_000);
