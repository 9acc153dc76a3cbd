/**
 * The host killed, the process and not a flag: `npm start`'s entry point runs as a child process on a data
 * directory, freezes before a chosen storage write (`--halt-at`), and is SIGKILLed there; the next child starts on
 * the same directory and is killed at the next point. Points in a crawl (chunk records half written, inbox half
 * written, before the checkpoint) and in a merge (before the lease, among the term writes, before the stats,
 * between the stats and the page records). Then the sandbox starts
 * in this process on the same directory and the index must converge to the oracle.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SteppedClock } from '../../sandbox/clock';
import { START, startFaultSandbox, type FaultSandbox } from '../support/fault-sandbox';
import { readIndex } from '../support/index-layout';

const ROOT = path.resolve(__dirname, '../..');
const T0 = Date.parse(START);
const TEN_MINUTES = 600_000;

/** Runs the sandbox as a child until it halts at `haltAt`, then SIGKILLs it. Resolves with the key it halted before. */
function runUntilHalted(dataDir: string, haltAt: string, clockAt: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sandbox/start.ts', '--port', '0', '--data-dir', dataDir, '--clock', `stepped:${new Date(clockAt).toISOString()}`, '--halt-at', haltAt],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let halted: string | undefined;
    // No halt within a minute means the app never reached that write: the test fails with what it printed.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /HALTED (\S+)/.exec(out);
      if (match && !halted) {
        halted = match[1];
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (data: Buffer) => (err += data.toString()));
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (halted && signal === 'SIGKILL') resolve(halted);
      else reject(new Error(`the host did not halt at ${haltAt} (signal ${signal}):\n${out}\n${err}`));
    });
  });
}

const POINTS: Array<{ step: string; haltAt: string }> = [
  { step: 'crawl: first chunk records written, no inbox entry yet', haltAt: ':c:@3' },
  { step: 'crawl: inbox half written', haltAt: ':q:@15' },
  { step: 'crawl: pages indexed, checkpoint not saved', haltAt: '^sync:crawl:@1' },
  { step: 'merge: before taking the lease', haltAt: ':lease:@1' },
  { step: 'merge: among the term writes', haltAt: ':h:@2' },
  { step: 'merge: terms written, stats not', haltAt: ':stats$@1' },
  { step: 'merge: stats written, page records not', haltAt: ':page:@1' },
];

let dataDir = '';
let fx: FaultSandbox | undefined;
const halted: string[] = [];

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'librarian-killed-'));
});
afterAll(async () => {
  await fx?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test.each(POINTS.map((p, i) => [p.step, p, i] as const))('killed at %s', async (_step, point, i) => {
  const key = await runUntilHalted(dataDir, point.haltAt, T0 + i * TEN_MINUTES);
  expect(key).toMatch(new RegExp(point.haltAt.replace(/@\d+$/, '')));
  halted.push(key);
}, 90_000);

test('restarted on the same data directory after seven SIGKILLs, the index converges to the oracle', async () => {
  expect(halted).toHaveLength(POINTS.length);
  fx = await startFaultSandbox({ dataDir, clock: new SteppedClock(T0 + POINTS.length * TEN_MINUTES) });
  // The Library the first child created survived every kill.
  expect(fx.libraryId).not.toBe('');
  const { problems } = await fx.converge();
  expect(problems).toEqual([]);
  expect(readIndex(fx.sb.host, fx.libraryId).pages.size).toBeGreaterThan(40);
}, 90_000);
