import { startFaultSandbox, drainAll, type FaultSandbox, type Loose } from '../support/fault-sandbox';

jest.setTimeout(120_000);

/**
 * Ask's "Searched in ... spaces ..." line names only spaces the asker may read: a private space of the Library
 * (its key and name can be a secret: an acquisition, an incident) is not told to a member who cannot open it,
 * while the site admin who reads it sees it named.
 */
let fx: FaultSandbox;
beforeAll(async () => {
  fx = await startFaultSandbox();
  const admin = fx.admin.accountId;
  fx.sb.sim.control.addSpace({
    key: 'HUSH',
    name: 'Project Hush',
    type: 'collaboration',
    as: admin,
    permissions: [
      { principal: { type: 'app' }, operations: ['read'] },
      { principal: { type: 'group', name: 'site-admins' }, operations: ['read', 'write', 'admin'] },
    ],
  });
  fx.sb.sim.control.createPage({ spaceKey: 'HUSH', title: 'Hush rollout plan', body: '<p>The rollout of the deploy pipeline waits for the hush review.</p>', as: admin });
  const choices = await fx.call(admin, 'librarian-settings', 'listSpaceChoices', { libraryId: fx.libraryId });
  const spaceIds = (choices.spaces as Array<{ id: string; notIndexable?: string }>).filter((s) => !s.notIndexable).map((s) => s.id);
  const selected = await fx.call(admin, 'librarian-settings', 'selectSpaces', { libraryId: fx.libraryId, spaceIds });
  expect(selected.error).toBeUndefined();
  await drainAll(fx.sb);
});
afterAll(() => fx?.close());

const member = () => fx.sb.seed.users.find((u) => u.email === 'member@example.com')!;

it('names the private space to the admin who reads it, and not to a member who cannot', async () => {
  const question = 'When does the deploy pipeline rollout happen?';
  const asAdmin: Loose = await fx.call(fx.admin.accountId, 'librarian-ask', 'ask', { question });
  expect(asAdmin.searched.spaceKeys).toContain('HUSH');
  expect(fx.sb.sim.control.canRead(member().accountId, fx.sb.sim.control.findPage('Hush rollout plan')!.id)).toBe(false);
  const asMember: Loose = await fx.call(member().accountId, 'librarian-ask', 'ask', { question });
  expect(asMember.error).toBeUndefined();
  expect(asMember.searched.spaceKeys).toEqual(expect.arrayContaining(['ENG']));
  expect(JSON.stringify(asMember)).not.toMatch(/HUSH|Hush/);
});

it('does not name it through the agent tool either', async () => {
  const res = await fetch(`${fx.sb.urls.agents}/api/v1/tools/ask-library`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fx.sb.agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ question: 'When does the deploy pipeline rollout happen?' }),
  });
  const body: Loose = await res.json();
  expect(res.status).toBe(200);
  expect(JSON.stringify(body)).not.toMatch(/HUSH|Hush/);
});
