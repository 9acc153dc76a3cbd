/**
 * The Rovo actions when the installation's storage read quota of the minute is spent: every one of them answers
 * BUSY with a sentence an agent can act on (try again shortly), never INTERNAL, and the next minute they answer
 * again. The quota's minute follows the sandbox's stepped clock, so nothing here depends on how fast the machine is.
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A small read quota (Forge's is 4,000 units a minute), so a few hundred calls spend it. */
const READ_UNITS_PER_MINUTE = 600;

let sb: Sandbox;
const clock = new SteppedClock('2026-03-01T09:00:00Z');
const member = () => sb.seed.users.find((u) => u.email === 'member@example.com')!.accountId;

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', limits: { kvs: { readUnitsPerMinute: READ_UNITS_PER_MINUTE } } });
  await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
}, 180_000);

afterAll(async () => {
  await sb?.close();
});

/** Moves the clock to the start of the next minute: a fresh storage quota. */
function toNextMinute(): void {
  clock.advance(Math.ceil((clock.now() + 1) / 60_000) * 60_000 - clock.now());
}

it('answers BUSY from every action once the read quota is spent, and answers again the next minute', async () => {
  const secret = sb.sim.control.pages().find((p) => p.title === 'Security Incident Response Plan')!;
  const readable = sb.sim.control.pages().find((p) => p.status === 'current' && p.spaceKey === 'ENG' && sb.sim.control.canRead(member(), p.id))!;
  const calls: Array<[string, Record<string, unknown>]> = [
    ['list-libraries', {}],
    ['search-library', { query: 'deploy', limit: 3 }],
    ['read-page', { pageId: readable.id }],
    ['read-page', { pageId: secret.id }],
    ['ask-library', { question: 'How do we deploy?' }],
    ['propose-update', { pageId: readable.id, change: 'why', replacement: 'x', section: 'Nowhere' }],
  ];
  const codes = async () => Promise.all(calls.map(async ([key, input]) => {
    const result = (await sb.host.invokeAction(key, input, member())) as Loose;
    return result.ok ? 'ok' : result.error.code;
  }));

  toNextMinute();
  expect(await codes()).toEqual(['ok', 'ok', 'ok', 'NOT_FOUND', 'ok', 'INVALID_INPUT']);
  // Spend the minute's quota with page reads (bounded: 600 units go long before 400 reads). Not with searches:
  // those spend the question budget first (the member's 20, then "asking too fast"), as the Ask macro's do.
  let spent = false;
  for (let i = 0; i < 400 && !spent; i += 1) {
    const result = (await sb.host.invokeAction('read-page', { pageId: readable.id }, member())) as Loose;
    spent = !result.ok;
    if (spent) expect(result.error).toEqual({ code: 'BUSY', message: expect.stringMatching(/busy right now; try again/) });
  }
  expect(spent).toBe(true);
  const busy = await Promise.all(calls.map(async ([key, input]) => (await sb.host.invokeAction(key, input, member())) as Loose));
  for (const result of busy) {
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('BUSY');
    expect(result.error.message).toMatch(/busy right now; try again/);
  }

  toNextMinute();
  expect(await codes()).toEqual(['ok', 'ok', 'ok', 'NOT_FOUND', 'ok', 'INVALID_INPUT']);
}, 180_000);
