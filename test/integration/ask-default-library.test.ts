/**
 * An Ask macro without saved settings, on a site with two Libraries, through the real resolvers in the local
 * Forge host: it answers from the Library that indexes the page's space and says so; only on a page whose space
 * no Library indexes does it ask the reader to choose.
 */
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let sb: Sandbox;
const ids: Record<string, string> = {};

const admin = () => sb.seed.users.find((u) => u.siteAdmin)!;
const settings = (functionKey: string, payload: unknown = {}) =>
  sb.host.invokeResolver({ moduleKey: 'librarian-settings', functionKey, payload, accountId: admin().accountId }) as Promise<Loose>;
/** The Ask macro on a page of `spaceKey`, as the admin (who may read every page of the demo). */
const macro = (functionKey: string, spaceKey: string, config?: Record<string, unknown>, payload: unknown = {}) => {
  const page = sb.sim.control.pages().find((p) => p.spaceKey === spaceKey && p.status === 'current')!;
  return sb.host.invokeResolver({
    moduleKey: 'librarian-ask',
    functionKey,
    payload,
    accountId: admin().accountId,
    extension: { type: 'macro', space: { key: spaceKey }, content: { id: page.id, type: 'page' }, ...(config ? { config } : {}) },
  }) as Promise<Loose>;
};

async function libraryOver(name: string, spaceKey: string): Promise<string> {
  const created = await settings('createLibrary', { name });
  const libraryId = created.library.id as string;
  await settings('connectSource', { libraryId, identity: 'app' });
  const choices = await settings('listSpaceChoices', { libraryId });
  const space = choices.spaces.find((s: Loose) => s.key === spaceKey);
  const selected = await settings('selectSpaces', { libraryId, spaceIds: [space.id] });
  expect(selected.error).toBeUndefined();
  return libraryId;
}

beforeAll(async () => {
  const clock = new SteppedClock('2026-03-01T09:00:00Z');
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:', bootstrap: false });
  ids.eng = await libraryOver('Engineering', 'ENG');
  clock.advance(1000);
  ids.help = await libraryOver('Help Center', 'KB');
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
}, 90_000);

afterAll(async () => {
  await sb?.close();
});

it("answers from the Library that indexes the page's space, and says which and why", async () => {
  const context = await macro('getMacroContext', 'KB');
  expect(context.library).toMatchObject({ id: ids.help, name: 'Help Center' });
  expect(context.chosenBy).toBe('space');
  const answer = await macro('ask', 'KB', undefined, { question: 'What is the rate limit of the public API?' });
  expect(answer.error).toBeUndefined();
  expect(answer.searched).toMatchObject({ libraryId: ids.help, libraryName: 'Help Center' });

  const eng = await macro('getMacroContext', 'ENG');
  expect(eng).toMatchObject({ library: { id: ids.eng }, chosenBy: 'space' });
});

it('a saved setting still wins, and a space no Library indexes asks the reader to choose', async () => {
  expect(await macro('getMacroContext', 'KB', { libraryId: ids.eng })).toMatchObject({ library: { id: ids.eng }, chosenBy: 'settings' });
  const none = await macro('getMacroContext', 'SRE');
  expect(none.library).toBeUndefined();
  expect(none.libraries.map((l: Loose) => l.name).sort()).toEqual(['Engineering', 'Help Center']);
  const refused = await macro('ask', 'SRE', undefined, { question: 'How do we deploy?' });
  expect(refused.error).toMatchObject({ message: "Choose a Library in this macro's settings first." });
});
