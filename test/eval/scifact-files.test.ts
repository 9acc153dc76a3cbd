import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadScifact } from '../../eval/scifact-lib';
import { ScifactDataError, VENDORED_SCIFACT_DIR, scifactDir, scifactRecords } from '../../vendor/scifact/load';

const ROOT = resolve(__dirname, '..', '..');

/** A copy of the vendored SciFact folder (checksums included) that a test may damage. */
function copyOfVendored(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scifact-vendored-'));
  cpSync(VENDORED_SCIFACT_DIR, dir, { recursive: true });
  return dir;
}

/** `npm run eval` as a newcomer runs it, on `dir`. */
function runEval(dir: string): { status: number | null; stderr: string; stdout: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'eval', 'scifact.ts'), '--data', dir], { encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

describe('the vendored SciFact copy', () => {
  it('is read from the repository by default and holds the whole benchmark', () => {
    expect(scifactDir({})).toBe(VENDORED_SCIFACT_DIR);
    expect(VENDORED_SCIFACT_DIR.startsWith(ROOT)).toBe(true);
    const data = loadScifact();
    expect(data.corpus).toHaveLength(5183);
    expect(data.queries.size).toBe(1109);
    expect(data.qrels.test.size).toBe(300);
    expect(data.qrels.train.size).toBe(809);
  });

  it('takes an override folder from the environment, never requiring one', () => {
    expect(scifactDir({ LIBRARIAN_SHARED_DIR: '/elsewhere' })).toBe(join('/elsewhere', 'eval', 'scifact'));
    expect(scifactDir({ SCIFACT_DIR: '/beir/scifact', LIBRARIAN_SHARED_DIR: '/elsewhere' })).toBe('/beir/scifact');
  });
});

describe('a damaged SciFact file', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyOfVendored();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('cut short mid-stream: named as truncated', () => {
    const file = join(dir, 'queries.jsonl.gz');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(() => loadScifact(dir)).toThrow(ScifactDataError);
    expect(() => loadScifact(dir)).toThrow(`SciFact file ${file} is truncated or corrupt`);
  });

  it('cut at a line boundary (still valid gzip): named, with the line counts', () => {
    const file = join(dir, 'qrels', 'test.tsv.gz');
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    writeFileSync(file, gzipSync(lines.slice(0, 200).join('\n') + '\n'));
    expect(() => loadScifact(dir)).toThrow(`SciFact file ${file} is truncated or altered: 200 lines, expected 340`);
  });

  it('missing: named', () => {
    rmSync(join(dir, 'corpus.jsonl.gz'));
    expect(() => Array.from(scifactRecords('corpus.jsonl', dir))).toThrow(`SciFact file missing: ${join(dir, 'corpus.jsonl.gz')}`);
  });

  it('a line that is not JSON in an unverified folder: named with its line', () => {
    rmSync(join(dir, 'checksums.json'));
    writeFileSync(join(dir, 'queries.jsonl.gz'), gzipSync('{"_id":"1","text":"a"}\n{"_id":"2","te'));
    expect(() => Array.from(scifactRecords('queries.jsonl', dir))).toThrow(`SciFact file ${join(dir, 'queries.jsonl')}: line 2 is not JSON (truncated?)`);
  });

  it('`npm run eval` names the file and exits non-zero, without a stack trace', () => {
    const file = join(dir, 'corpus.jsonl.gz');
    truncateSync(file, 1000);
    const run = runEval(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`SciFact file ${file} is truncated or corrupt`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('scifact test');

    rmSync(file);
    const missing = runEval(dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`SciFact file missing: ${file}`);
  }, 240_000);
});
