import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shipCommand, type ShipIo } from '../../../cli/ship/command';
import { verifyShipRequest, type ShipChange } from '../../../src/core/ship';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ship-cmd-'));
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'cli.ts'), "program.option('--force')\n");
  git('add', '-A');
  git('commit', '-q', '-m', 'one');
  writeFileSync(join(dir, 'cli.ts'), "program.option('--yes')\n");
  git('commit', '-qam', 'Rename --force to --yes');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(env: Record<string, string>, secrets: string[]): ShipIo & { lines: string[]; errors: string[]; code?: number; received: unknown[] } {
  const state = { lines: [] as string[], errors: [] as string[], code: undefined as number | undefined, received: [] as unknown[] };
  const nonces = new Set<string>();
  return Object.assign(state, {
    out: (l: string) => void state.lines.push(l),
    err: (l: string) => void state.errors.push(l),
    env,
    cwd: dir,
    exit: (c: number) => void (state.code = c),
    fetch: (async (_url: string, init: { body: string; headers: Record<string, string> }) => {
      const verdict = await verifyShipRequest({ headers: init.headers, body: init.body }, {
        now: Date.now(), secretsOf: async (id) => (id === 'lib1' ? secrets : []), claimNonce: async (_l, n) => !nonces.has(n) && Boolean(nonces.add(n)),
      });
      if (verdict.status === 202) state.received.push(verdict.body);
      return { status: verdict.status } as Response;
    }) as unknown as typeof fetch,
  });
}

const run = (target: ShipIo, args: string[]): Promise<unknown> => shipCommand(target).parseAsync(['node', 'ship', ...args]);

describe('librarian ship', () => {
  it('sends the last commit signed; the endpoint accepts it and gets the change', async () => {
    const target = io({ LIBRARIAN_CI_SECRET: 's3cret', LIBRARIAN_SHIP_URL: 'https://example.com/x1/ship', LIBRARIAN_LIBRARY: 'lib1' }, ['s3cret']);
    await run(target, ['--link', 'https://github.com/acme/search/commit/abc']);
    expect(target.code).toBe(0);
    expect(target.lines[0]).toMatch(/^ship: accepted [0-9a-f]{12}\.\.[0-9a-f]{12}: 1 files, 1 names, 1 commits$/);
    const change = (target.received[0] as { change: ShipChange }).change;
    expect(change.symbols).toEqual([{ kind: 'flag', name: '--force', change: 'renamed', to: '--yes', file: 'cli.ts' }]);
    expect(change.link).toBe('https://github.com/acme/search/commit/abc');
  });

  it('says why when the secret was rotated, without printing it', async () => {
    const target = io({ LIBRARIAN_CI_SECRET: 'old-secret', LIBRARIAN_SHIP_URL: 'https://example.com/x1/ship', LIBRARIAN_LIBRARY: 'lib1' }, ['new-secret']);
    await run(target, []);
    expect(target.code).toBe(1);
    expect(target.errors.join('\n')).toMatch(/refused: check the Library id and LIBRARIAN_CI_SECRET/);
    expect(target.errors.join('\n')).not.toContain('old-secret');
  });

  it('sends again, signed afresh, while the endpoint is busy or unreachable, and gives up after its retries', async () => {
    const env = { LIBRARIAN_CI_SECRET: 's3cret', LIBRARIAN_SHIP_URL: 'https://example.com/x1/ship', LIBRARIAN_LIBRARY: 'lib1' };
    /** The endpoint answers `answers` in turn (a number is a status, 'down' a refused connection), then verifies. */
    const flaky = (answers: Array<number | 'down'>) => {
      const target = io(env, ['s3cret']);
      const verify = target.fetch;
      const pauses: number[] = [];
      const nonces: string[] = [];
      target.sleep = async (ms) => void pauses.push(ms);
      target.fetch = (async (url: string, init: { body: string; headers: Record<string, string> }) => {
        nonces.push(JSON.stringify(init.headers));
        const next = answers.shift();
        if (next === 'down') throw new Error('connect ECONNREFUSED');
        if (next !== undefined) return { status: next } as Response;
        return verify(url, init as RequestInit);
      }) as unknown as typeof fetch;
      return { target, pauses, nonces };
    };
    const busy = flaky([503, 'down', 502]);
    await run(busy.target, []);
    expect(busy.target.code).toBe(0);
    expect(busy.target.received).toHaveLength(1);
    expect(busy.pauses).toEqual([1_000, 5_000, 15_000]);
    expect(new Set(busy.nonces).size).toBe(4);
    expect(busy.target.errors).toEqual([
      'ship: the Library is busy; sending again in 1 s',
      'ship: the endpoint did not answer (connect ECONNREFUSED); sending again in 5 s',
      'ship: the endpoint answered HTTP 502; sending again in 15 s',
    ]);
    expect(busy.target.lines[0]).toMatch(/^ship: accepted /);

    const down = flaky([503, 503, 503, 503]);
    await run(down.target, []);
    expect(down.target.code).toBe(1);
    expect(down.target.received).toHaveLength(0);
    expect(down.target.errors.at(-1)).toBe('ship: the Library is busy; gave up after 4 attempts (run the job again later: the same change is queued once)');
    // A refusal is not retried: sending the same bad signature again would change nothing.
    const refused = flaky([401]);
    await run(refused.target, []);
    expect(refused.target.code).toBe(1);
    expect(refused.pauses).toEqual([]);
  });

  it('prints the change with --print, and refuses to send without a secret', async () => {
    const printing = io({}, []);
    await run(printing, ['--print']);
    expect(printing.code).toBe(0);
    expect(JSON.parse(printing.lines.join('\n')).subjects).toEqual(['Rename --force to --yes']);
    const missing = io({}, []);
    await run(missing, ['--url', 'https://example.com', '--library', 'lib1']);
    expect(missing.code).toBe(2);
    expect(missing.errors[0]).toMatch(/LIBRARIAN_CI_SECRET/);
  });

  it('exits 2 on an unknown revision', async () => {
    const target = io({}, []);
    await run(target, ['--base', 'nope', '--print']);
    expect(target.code).toBe(2);
    expect(target.errors[0]).toMatch(/not a commit/);
  });
});
