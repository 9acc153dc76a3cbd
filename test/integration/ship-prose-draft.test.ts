/**
 * Prose drafted by Forge LLM for a shipped change, end to end in the sandbox: a signed change posted to the
 * `librarian-ship` web trigger, the queue consumer finding the sentence that names a removed flag, and the real
 * `@forge/llm` SDK talking to the host's model stand-in (sandbox/forge/llm), scripted per test. Off: the sentence
 * is only listed for a person. On: a model draft waits in Review. With Auto-Accept on too: the deterministic
 * rename is applied and the draft still waits.
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { signShipRequest } from '../../src/core/ship';
import type { ShipChange } from '../../src/core/ship/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

jest.setTimeout(180_000);

let sb: Sandbox;
let pageId: string;
const clock = new SteppedClock('2026-03-01T09:00:00Z');
const admin = () => sb.seed.users.find((u) => u.siteAdmin)!.accountId;
const FLAG = '--skip-warmup-zq';
const PROSE = `Pass ${FLAG} to skip the cache warm-up on start.`;
const DRAFT = 'The cache warm-up always runs on start.';
const BODY = `<h2>Warm-up</h2><p>Pass <code>${FLAG}</code> to skip the cache warm-up on start.</p><p>Set <code>ZQ_WARMUP_MS</code> to tune how long the warm-up waits.</p>`;

const settings = (functionKey: string, payload: unknown) => sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey, payload, accountId: admin() }) as Promise<Loose>;
const byline = (functionKey: string, payload: unknown = {}) =>
  sb.host.invokeResolver({ moduleKey: 'librarian-review-byline', functionKey, payload, accountId: admin(), extension: { content: { id: pageId, type: 'page' } } }) as Promise<Loose>;

function change(head: string, renameEnv: boolean): ShipChange {
  return {
    base: 'b'.repeat(40),
    head: head.padEnd(40, '0'),
    subjects: ['Drop the warm-up switch'],
    files: [{ status: 'changed', path: 'src/warmup.ts', hunks: [{ oldStart: 3, oldText: `  .option('${FLAG}')\n  const wait = env.ZQ_WARMUP_MS;`, newText: renameEnv ? '  const wait = env.ZQ_WARMUP_MILLIS;' : '  const wait = env.ZQ_WARMUP_MS;' }] }],
    symbols: [{ kind: 'flag', name: FLAG, change: 'removed', file: 'src/warmup.ts' }, ...(renameEnv ? [{ kind: 'env' as const, name: 'ZQ_WARMUP_MS', change: 'renamed' as const, to: 'ZQ_WARMUP_MILLIS', file: 'src/warmup.ts' }] : [])],
    skipped: [],
    cut: [],
  };
}

async function ship(c: ShipChange): Promise<void> {
  const { url, libraryId, secret } = sb.ship!;
  const body = JSON.stringify({ change: c });
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signShipRequest({ libraryId, secret, body, now: clock.now() }) }, body });
  expect(res.status).toBe(202);
  await sb.host.drain({ advanceClock: true, timeoutMs: 90_000 });
}

const proposalsOf = async (head: string) => ((await byline('listPageProposals')).proposals as Loose[]).filter((p) => p.origin.kind === 'code-change' && p.origin.name === head.slice(0, 7));

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
  pageId = sb.sim.control.findPage('Runbook: search-indexer consumer lag')!.id;
  // Auto-Accept writes as the app: the demo site lets it read the space; here it may edit it too.
  const sre = sb.sim.control.spaces().find((sp) => sp.key === 'SRE')!;
  sb.sim.control.setSpacePermissions('SRE', [...sre.permissions.filter((p) => p.principal.type !== 'app'), { principal: { type: 'app' }, operations: ['read', 'write'] }]);
  sb.sim.control.updatePage(pageId, { as: admin(), body: BODY });
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
  expect(sb.ship).toBeTruthy();
});
beforeEach(() => sb.host.llm.reset());
afterAll(async () => {
  await sb?.close();
});

it('with the setting off, lists the sentence for a person and asks no model', async () => {
  const listed = await settings('listLibraries', {});
  expect(listed.libraries[0].library.draftProse).toBe(false);
  await ship(change('a1a1a1a', false));
  expect(sb.host.llm.requests()).toEqual([]);
  expect(await proposalsOf('a1a1a1a')).toEqual([]);
  const [record] = sb.host.inspectKvs(`ship-findings:${sb.ship!.libraryId}:`).map((e) => e.value as Loose);
  expect(record.forPerson.map((f: Loose) => f.sentence)).toContain(PROSE);
});

it('with the setting on, proposes a model draft of the paragraph that waits in Review', async () => {
  const updated = await settings('updateLibrary', { libraryId: sb.ship!.libraryId, draftProse: true });
  expect(updated.error).toBeUndefined();
  expect(updated.library.draftProse).toBe(true);
  sb.host.llm.script({ text: DRAFT });
  await ship(change('b2b2b2b', false));
  const [request, ...more] = sb.host.llm.requests();
  expect(more).toEqual([]);
  expect(request!.messages[1]!.content).toContain(`Pass \`${FLAG}\` to skip the cache warm-up on start.`);
  expect(request!.messages[1]!.content).toContain(`-  .option('${FLAG}')`);
  const [draft, ...others] = await proposalsOf('b2b2b2b');
  expect(others).toEqual([]);
  expect(draft).toMatchObject({ state: 'pending', modelWritten: true, authorName: 'model draft (Forge LLM)' });
  expect(draft.changes.map((c: Loose) => c.editable ?? '').join(' ')).toContain(DRAFT);
});

it('refuses a draft that breaks the guard, leaving the sentence for a person', async () => {
  sb.host.llm.script({ text: 'Warm-up.\n\n# And a heading' });
  await ship(change('c3c3c3c', false));
  expect(sb.host.llm.requests()).toHaveLength(1);
  expect(await proposalsOf('c3c3c3c')).toEqual([]);
});

it('with Auto-Accept on, applies the deterministic rename and leaves the model draft pending', async () => {
  const on = await settings('updateLibrary', { libraryId: sb.ship!.libraryId, autoAccept: true });
  expect(on.error).toBeUndefined();
  sb.host.llm.script({ text: DRAFT });
  await ship(change('d4d4d4d', true));
  // The byline lists what waits: the draft, and not the rename Auto-Accept applied.
  const waiting = await proposalsOf('d4d4d4d');
  expect(waiting.map((p) => [p.state, p.modelWritten])).toEqual([['pending', true]]);
  const record = sb.host.inspectKvs(`ship-findings:${sb.ship!.libraryId}:`).map((e) => e.value as Loose).find((r) => r.label === 'd4d4d4d');
  expect(record.drafted).toEqual([waiting[0].id]);
  expect(record.applied).toHaveLength(1);
  expect(record.applied).not.toContain(waiting[0].id);
  const res = await fetch(`${sb.sim.url}/wiki/api/v2/pages/${pageId}?body-format=storage`, { headers: { Authorization: `Basic ${Buffer.from('admin@example.com:admin-token').toString('base64')}` } });
  const page = (await res.json()) as Loose;
  expect(page.body.storage.value).toContain('<code>ZQ_WARMUP_MILLIS</code>');
  expect(page.body.storage.value).toContain(`<code>${FLAG}</code>`);
});
