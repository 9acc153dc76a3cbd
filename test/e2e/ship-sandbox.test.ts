import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { buildShipRepo, type ShipRepo } from '../fixtures/ship-repo/build';

jest.setTimeout(180_000);

const BIN = join(__dirname, '..', '..', 'cli', 'librarian.js');
const RUNBOOK = 'Runbook: search-indexer consumer lag';

/**
 * `librarian ship` end to end against the sandbox, as `npm start` prints it: the CLI (a subprocess) sends a commit
 * of the demo repository to the `librarian-ship` web trigger with the CI secret minted at start; the queue consumer
 * finds the runbook section the commit makes wrong and proposes the fix in Review; the proposal is approved
 * through the Review resolver, and the page's next version differs from the last only in the targets.
 */
describe('librarian ship against the sandbox', () => {
  let sandbox: Sandbox;
  let repo: ShipRepo;
  let adminId: string;

  function ship(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [BIN, 'ship', ...args], { cwd: repo.dir, env: { PATH: process.env.PATH, HOME: repo.dir, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  }
  const auth = `Basic ${Buffer.from('admin@example.com:admin-token').toString('base64')}`;
  async function pageNow(id: string): Promise<{ version: number; body: string }> {
    const res = await fetch(`${sandbox.sim.url}/wiki/api/v2/pages/${id}?body-format=storage`, { headers: { Authorization: auth } });
    const json = (await res.json()) as { version: { number: number }; body: { storage: { value: string } } };
    return { version: json.version.number, body: json.body.storage.value };
  }
  const review = (functionKey: string, pageId: string, payload: unknown = {}) =>
    sandbox.host.invokeResolver({ moduleKey: 'librarian-review-byline', functionKey, payload, accountId: adminId, extension: { content: { id: pageId, type: 'page' } } }) as Promise<Record<string, unknown>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: ':memory:', seed: 'demo', quiet: true });
    adminId = sandbox.seed.users.find((u) => u.siteAdmin)!.accountId;
    repo = buildShipRepo();
    await sandbox.host.drain({ timeoutMs: 120_000 });
  });
  afterAll(async () => {
    repo?.remove();
    await sandbox?.close();
  });

  it('ships a commit, finds the proposal in Review, approves it, and the page changed only in its targets', async () => {
    expect(sandbox.ship).toMatchObject({ url: `${sandbox.urls.app}/public/${sandbox.host.webTriggerId('librarian-ship')}` });
    const { url, libraryId, secret } = sandbox.ship!;
    const commit = repo.commits.find((c) => c.subject === 'Rename reindex --concurrency to --parallel')!;
    expect(commit.affects).toContain(`${RUNBOOK}#4. Reindex after a long outage`);
    const runbook = sandbox.sim.control.findPage(RUNBOOK)!;
    const before = await pageNow(runbook.id);

    const wrong = await ship(['--head', commit.sha], { LIBRARIAN_SHIP_URL: url, LIBRARIAN_LIBRARY: libraryId, LIBRARIAN_CI_SECRET: 'x'.repeat(43) });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('refused');
    const sent = await ship(['--head', commit.sha], { LIBRARIAN_SHIP_URL: url, LIBRARIAN_LIBRARY: libraryId, LIBRARIAN_CI_SECRET: secret });
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain(`ship: accepted`);
    expect(sent.stdout).toContain(`..${commit.sha.slice(0, 12)}: 2 files`);
    await sandbox.host.drain({ timeoutMs: 60_000 });

    const listed = (await review('listPageProposals', runbook.id)) as { proposals?: Array<{ id: string; state: string; origin: { kind: string; name?: string }; reason: { text: string; links: Array<{ url: string }> } }> };
    const pending = (listed.proposals ?? []).filter((p) => p.state === 'pending' && p.origin.kind === 'code-change');
    expect(pending).toHaveLength(1);
    expect(pending[0]!.origin.name).toBe(commit.sha.slice(0, 7));
    expect(pending[0]!.reason.text).toContain('`--concurrency`; it was renamed to `--parallel`');

    // The same commit again (a CI re-run): accepted, nothing proposed twice.
    expect((await ship(['--head', commit.sha], { LIBRARIAN_SHIP_URL: url, LIBRARIAN_LIBRARY: libraryId, LIBRARIAN_CI_SECRET: secret })).code).toBe(0);
    await sandbox.host.drain({ timeoutMs: 60_000 });
    const again = (await review('listPageProposals', runbook.id)) as { proposals: Array<{ state: string; origin: { kind: string } }> };
    expect(again.proposals.filter((p) => p.state === 'pending' && p.origin.kind === 'code-change')).toHaveLength(1);

    const approved = (await review('approve', runbook.id, { proposalId: pending[0]!.id })) as { outcome?: { kind: string }; state?: string };
    expect(approved).toMatchObject({ outcome: { kind: 'applied' }, state: 'applied' });
    const after = await pageNow(runbook.id);
    expect(after.version).toBe(before.version + 1);
    expect(after.body).toBe(before.body.replace('--index pages-v7 --concurrency 4', '--index pages-v7 --parallel 4'));
    expect(after.body).not.toBe(before.body);
  });

  it('answers 503 while storage refuses the secret, and the CLI sends again until it is accepted', async () => {
    const { url, libraryId, secret } = sandbox.ship!;
    const commit = repo.commits.find((c) => c.subject !== 'Rename reindex --concurrency to --parallel')!;
    // Storage out of service for the next read of the CI secret: nothing can be verified, so nothing is queued.
    const fault = sandbox.host.kvsFaults.add({ code: 'SERVICE_UNAVAILABLE', status: 503, op: 'read', keyPrefix: 'ship-ci-secret:', count: 1 });
    const sent = await ship(['--head', commit.sha], { LIBRARIAN_SHIP_URL: url, LIBRARIAN_LIBRARY: libraryId, LIBRARIAN_CI_SECRET: secret });
    expect(sandbox.host.kvsFaults.list().find((f) => f.id === fault.id)).toBeUndefined();
    expect(sent.stderr).toBe('ship: the Library is busy; sending again in 1 s\n');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('ship: accepted');
  });
});
