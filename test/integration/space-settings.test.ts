/**
 * The space settings resolver in the local sandbox (real handlers, real @forge SDKs, the Confluence simulator's
 * demo site): who may opt a space in or out of a Library. Rights are asked of Confluence as the caller on every
 * request, for the space in the platform context: a site admin may, an admin of this space may, an admin of
 * another space, a plain member and an anonymous viewer may not (they see the status read-only, or nothing).
 *
 * Demo people used: Ada (site admin; not granted admin in SRE), Jonas (group `sre`: admin of SRE only),
 * Max (plain member).
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';

/** Resolver answers are read loosely here: the contract types are checked where the UI uses them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const SPACE_SETTINGS = 'librarian-space-settings';
const OPERATIONS = 'GET /wiki/api/v2/spaces/{id}/operations';

let sb: Sandbox;
let libraryId: string;
const spaceIds = new Map<string, string>();
const clock = new SteppedClock('2026-03-01T09:00:00Z');

const account = (email: string): string => sb.seed.users.find((u) => u.email === email)!.accountId;
const ada = () => account('admin@example.com');
const jonas = () => account('jonas.berg@example.com');
const max = () => account('member@example.com');

/** A space settings call as `accountId` ('' is an anonymous viewer), shown in space `spaceKey`. */
function onSpacePage(accountId: string, spaceKey: string, functionKey: string, payload: unknown = {}): Promise<Loose> {
  const extension = { space: { key: spaceKey, id: spaceIds.get(spaceKey) } };
  return sb.host.invokeResolver({ moduleKey: SPACE_SETTINGS, functionKey, payload, accountId, extension }) as Promise<Loose>;
}

async function includedSpaceKeys(): Promise<string[]> {
  const listed = (await sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'listLibraries', payload: {}, accountId: ada() })) as Loose;
  const library = listed.libraries.find((l: Loose) => l.library.id === libraryId);
  return library.library.source.spaces.map((s: Loose) => s.key).sort();
}

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', seed: 'demo', bootstrap: false });
  for (const space of await spacesByKey()) spaceIds.set(space.key, space.id);
  const created = (await sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'createLibrary', payload: { name: 'Ops answers' }, accountId: ada() })) as Loose;
  libraryId = created.library.id;
  const connected = (await sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'connectSource', payload: { libraryId, identity: 'app' }, accountId: ada() })) as Loose;
  expect(connected.error).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await sb?.close();
});

/** Space ids by key, read from the simulator as the site admin. */
async function spacesByKey(): Promise<Array<{ id: string; key: string }>> {
  const response = await fetch(`${sb.sim.url}/wiki/api/v2/spaces?limit=250`, {
    headers: { Authorization: `Basic ${Buffer.from('admin@example.com:admin-token').toString('base64')}` },
  });
  return ((await response.json()) as { results: Array<{ id: string; key: string }> }).results;
}

it('lets an admin of this space (not a site admin) opt it in, and shows the sync reach ready', async () => {
  const before = await onSpacePage(jonas(), 'SRE', 'getSpaceStatus');
  expect(before.error).toBeUndefined();
  expect(before.space.key).toBe('SRE');
  expect(before.canManage).toBe(true);
  expect(before.libraries).toEqual([expect.objectContaining({ libraryId, name: 'Ops answers', included: false })]);

  const after = await onSpacePage(jonas(), 'SRE', 'setSpaceIncluded', { libraryId, included: true });
  expect(after.error).toBeUndefined();
  expect(after.libraries[0].included).toBe(true);
  expect(await includedSpaceKeys()).toEqual(['SRE']);

  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
  const done = await onSpacePage(jonas(), 'SRE', 'getSpaceStatus');
  expect(done.libraries[0].status.phase).toBe('ready');
  expect(done.libraries[0].status.pagesIndexed).toBeGreaterThan(0);
}, 90_000);

it('asks Confluence once per check for a space admin: the space operations, not the site-admin check', async () => {
  sb.sim.control.resetRequests();
  const status = await onSpacePage(jonas(), 'SRE', 'getSpaceStatus');
  expect(status.canManage).toBe(true);
  const counts = sb.sim.control.requests();
  expect(counts.byIdentityAndEndpoint[jonas()]).toEqual({ [OPERATIONS]: 1 });
});

it('lets a site admin who holds no admin grant in the space opt it out', async () => {
  const status = await onSpacePage(ada(), 'SRE', 'getSpaceStatus');
  expect(status.canManage).toBe(true);
  const out = await onSpacePage(ada(), 'SRE', 'setSpaceIncluded', { libraryId, included: false });
  expect(out.error).toBeUndefined();
  expect(out.libraries[0].included).toBe(false);
  expect(await includedSpaceKeys()).toEqual([]);
  const back = await onSpacePage(ada(), 'SRE', 'setSpaceIncluded', { libraryId, included: true });
  expect(back.libraries[0].included).toBe(true);
});

it('refuses an admin of another space: ENG is read-only for the SRE admin', async () => {
  const status = await onSpacePage(jonas(), 'ENG', 'getSpaceStatus');
  expect(status.error).toBeUndefined();
  expect(status.canManage).toBe(false);
  const refused = await onSpacePage(jonas(), 'ENG', 'setSpaceIncluded', { libraryId, included: true });
  expect(refused).toEqual({ error: { code: 'forbidden', message: 'Only admins of this space, or site admins, can change which Libraries include it.' } });
  expect(await includedSpaceKeys()).toEqual(['SRE']);
});

it('takes the space from the platform context, never from the payload', async () => {
  const aimed = await onSpacePage(jonas(), 'SRE', 'setSpaceIncluded', { libraryId, included: true, spaceKey: 'ENG', spaceId: spaceIds.get('ENG') });
  expect(aimed.space.key).toBe('SRE');
  expect(await includedSpaceKeys()).toEqual(['SRE']);
});

it('shows a plain member the status read-only and refuses their change', async () => {
  const status = await onSpacePage(max(), 'SRE', 'getSpaceStatus');
  expect(status.error).toBeUndefined();
  expect(status.canManage).toBe(false);
  expect(status.libraries[0]).toEqual(expect.objectContaining({ included: true, status: expect.objectContaining({ phase: expect.any(String) }) }));
  const refused = await onSpacePage(max(), 'SRE', 'setSpaceIncluded', { libraryId, included: false });
  expect(refused.error.code).toBe('forbidden');
  expect(await includedSpaceKeys()).toEqual(['SRE']);
});

it('refuses an anonymous viewer both the status and the change', async () => {
  expect(await onSpacePage('', 'SRE', 'getSpaceStatus')).toEqual({ error: { code: 'forbidden', message: 'Sign in to Confluence first.' } });
  expect((await onSpacePage('', 'SRE', 'setSpaceIncluded', { libraryId, included: false })).error.code).toBe('forbidden');
  expect(await includedSpaceKeys()).toEqual(['SRE']);
});

it('keeps Library-level changes with site admins', async () => {
  const refused = (await sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'updateLibrary', payload: { libraryId, name: 'Mine now' }, accountId: jonas() })) as Loose;
  expect(refused.error.code).toBe('forbidden');
});
