/**
 * The resolver helper's checks that come before any Confluence or storage call: only its own function names,
 * payload shape, licence. Each handler is called the way Forge calls it (`{call, context}` plus the runtime's
 * payload), with the real @forge/resolver inside.
 */
import { adminResolver } from '../../../src/app/resolvers/admin';
import { askResolver } from '../../../src/app/resolvers/ask';
import { spaceSettingsResolver } from '../../../src/app/resolvers/space-settings';

const runtime = { principal: { accountId: 'acc-1' }, license: { isActive: true }, installContext: 'ari:cloud:confluence::site/1' };
const event = (functionKey: string, payload: unknown = {}) => ({ call: { functionKey, payload }, context: { moduleKey: 'librarian-settings', secretNote: 'do-not-echo' } });

it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'nope'])('answers only its own function names: %s is refused', async (name) => {
  for (const handler of [adminResolver, askResolver, spaceSettingsResolver]) {
    const answer = await handler(event(name), runtime);
    expect(answer).toEqual({ error: { code: 'not_found', message: 'This page asked for a function Librarian does not have.' } });
    expect(JSON.stringify(answer)).not.toMatch(/do-not-echo|acc-1|installContext/);
  }
});

it('refuses a 10,000-deep payload with a clear message before anything recurses into it', async () => {
  let deep: unknown = [];
  for (let i = 0; i < 10_000; i++) deep = [deep];
  const answer = await adminResolver(event('createLibrary', { name: deep }), runtime);
  expect(answer).toEqual({ error: { code: 'invalid', message: 'The request is nested more than 16 levels deep.' } });
  const wide = { spaceIds: Array.from({ length: 30_000 }, (_, i) => String(i)) };
  expect(await adminResolver(event('selectSpaces', wide), runtime)).toEqual({ error: { code: 'invalid', message: 'The request holds more than 20000 values.' } });
});

it('refuses an unlicensed install on every function but getStatus, the Ask macro\'s context included', async () => {
  const unlicensed = { ...runtime, license: { isActive: false } };
  const refused = { error: { code: 'unlicensed', message: 'Librarian needs an active licence for this site.' } };
  expect(await askResolver(event('getMacroContext'), unlicensed)).toEqual(refused);
  expect(await askResolver(event('ask', { question: 'q' }), unlicensed)).toEqual(refused);
  expect(await adminResolver(event('listLibraries'), unlicensed)).toEqual(refused);
  expect(await spaceSettingsResolver(event('getSpaceStatus'), unlicensed)).toEqual(refused);
});
