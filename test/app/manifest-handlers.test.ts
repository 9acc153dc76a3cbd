/**
 * Every handler manifest.yml names, called the way Forge calls it, keeps its contract before any storage or
 * Confluence is touched: licence refusals, unknown functions, malformed events. Their real work is tested through
 * the local Forge host (test/integration). The licence policy of src/app/context.ts is pinned here too.
 */
import * as handlers from '../../src/index';
import { isLicensed, readCaller } from '../../src/app/context';

type ResolverName = 'adminResolver' | 'spaceSettingsResolver' | 'askResolver' | 'reviewResolver';
const actions = ['actionSearchLibrary', 'actionReadPage', 'actionAskLibrary', 'actionListLibraries'] as const;

/** Calls a resolver like the Forge runtime: the call, the module's context, then the runtime payload with the caller. */
function callResolver(name: ResolverName, runtime: Record<string, unknown>, functionKey = 'getStatus') {
  const definitions = handlers[name] as unknown as (call: unknown, runtime: unknown) => Promise<unknown>;
  return definitions({ call: { functionKey, payload: {} }, context: { moduleKey: `module-of-${name}` } }, runtime);
}

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('UI resolvers', () => {
  it('reviewResolver answers getStatus with the platform caller (Review is no longer coming soon)', async () => {
    const status = await callResolver('reviewResolver', { principal: { accountId: 'user-1' } });
    expect(status).toMatchObject({ accountId: 'user-1', licensed: true, moduleKey: 'module-of-reviewResolver', comingSoon: false });
  });

  it('reviewResolver refuses Review on an unlicensed install, and needs a page for the byline list', async () => {
    await expect(callResolver('reviewResolver', { principal: { accountId: 'u' }, license: { isActive: false } }, 'approve')).resolves.toEqual({
      error: { code: 'unlicensed', message: 'Librarian needs an active licence for this site.' },
    });
    await expect(callResolver('reviewResolver', { principal: { accountId: 'u' } }, 'listPageProposals')).resolves.toEqual({ error: { code: 'invalid', message: 'Open Review from a page.' } });
  });

  it('refuses every function but getStatus on an unlicensed install, before touching storage or Confluence', async () => {
    const refusal = { error: { code: 'unlicensed', message: 'Librarian needs an active licence for this site.' } };
    await expect(callResolver('adminResolver', { principal: { accountId: 'u' }, license: { isActive: false } }, 'createLibrary')).resolves.toEqual(refusal);
    await expect(callResolver('askResolver', { principal: { accountId: 'u' }, license: { isActive: false } }, 'ask')).resolves.toEqual(refusal);
    await expect(callResolver('spaceSettingsResolver', { principal: { accountId: 'u' }, license: { isActive: false } }, 'setSpaceIncluded')).resolves.toEqual(refusal);
  });

  it('defines no function the contract does not name', async () => {
    // Refused by the app's resolver helper before @forge/resolver looks the name up (which would find `constructor`).
    expect(await callResolver('adminResolver', {}, 'dropEverything')).toEqual({ error: { code: 'not_found', message: 'This page asked for a function Librarian does not have.' } });
  });
});

describe('background handlers', () => {
  it('drop an event that is not a job, and a page event without a page id, logging without the payload', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const event = { queueName: 'librarian-sync', jobId: 'job-7', eventId: 'e1', body: { secret: 'page text' } };
    await expect(handlers.syncConsumer(event)).resolves.toBeUndefined();
    await expect(handlers.mergeConsumer({ ...event, queueName: 'librarian-merge' })).resolves.toBeUndefined();
    await expect(handlers.onPageEvent({ eventType: 'avi:confluence:updated:page', content: { id: 'not-a-page' } })).resolves.toBeUndefined();
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).not.toContain('page text');
  });
});

describe('actions', () => {
  it('actionProposeUpdate refuses a page id that is not one, before reading anything', async () => {
    const result = await handlers.actionProposeUpdate({ pageId: '../../x', change: 'why' }, { principal: { accountId: 'user-1' } });
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'pageId must be a page id (digits) or a Confluence page URL.' } });
    await expect(handlers.actionProposeUpdate({ pageId: '1' }, { license: { isActive: false } })).resolves.toMatchObject({ ok: false, error: { code: 'UNLICENSED' } });
  });

  // The read tools' real answers are tested through the local Forge host (test/integration/agents-*.test.ts).
  it.each(actions)('%s refuses an unlicensed install with a well-formed result', async (name) => {
    const result = await handlers[name]({ context: { cloudId: 'c' } }, { principal: { accountId: 'user-1' }, license: { isActive: false } });
    expect(result).toEqual({ ok: false, error: { code: 'UNLICENSED', message: expect.stringContaining('licensed') } });
  });

  it('refuses on an unlicensed install before anything else', async () => {
    const result = await handlers.actionAskLibrary({ question: 'why?' }, { license: { isActive: false } });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNLICENSED' } });
  });
});

describe('licence policy', () => {
  it('counts an absent licence (development, staging, sandbox) as licensed', () => {
    expect(isLicensed(undefined)).toBe(true);
    expect(isLicensed({})).toBe(true);
    expect(isLicensed({ license: null })).toBe(true);
  });

  it('trusts a present licence, in the backend (isActive) and bridge (active) shapes', () => {
    expect(isLicensed({ license: { isActive: true } })).toBe(true);
    expect(isLicensed({ license: { isActive: false } })).toBe(false);
    expect(isLicensed({ license: { active: false } })).toBe(false);
    expect(isLicensed({ license: {} })).toBe(false);
  });

  it('reads the page and space a UI sits in', () => {
    const caller = readCaller({ accountId: 'u', extension: { space: { key: 'ENG' }, content: { id: 123 } } });
    expect(caller).toEqual({ accountId: 'u', licensed: true, moduleKey: null, spaceKey: 'ENG', contentId: '123' });
  });
});
