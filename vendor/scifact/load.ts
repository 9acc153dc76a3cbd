/**
 * Reads the SciFact files (BEIR layout) that ship gzipped in this folder, checked against `checksums.json`, so a
 * missing, truncated or altered file is named in a clear error instead of surfacing as a bad score or a stack.
 *
 * Where the files come from: `scifactDir()` is this folder unless `SCIFACT_DIR` (a BEIR folder) or
 * `LIBRARIAN_SHARED_DIR` (a folder holding `eval/scifact/`) says otherwise. In any folder a file may be plain
 * (`corpus.jsonl`) or gzipped (`corpus.jsonl.gz`); a folder with a `checksums.json` is verified against it.
 *
 * @example
 *   for (const q of scifactRecords<{ _id: string; text: string }>('queries.jsonl')) console.log(q._id, q.text);
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export type ScifactFile = 'corpus.jsonl' | 'queries.jsonl' | 'qrels/train.tsv' | 'qrels/test.tsv';

/** The vendored copy (this folder). */
export const VENDORED_SCIFACT_DIR = __dirname;

/** A SciFact file that is missing, truncated, altered or not parseable; the message names the file. */
export class ScifactDataError extends Error {
  override readonly name = 'ScifactDataError';
}

/** The folder SciFact is read from: the overrides named above, else the vendored copy. */
export function scifactDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SCIFACT_DIR) return env.SCIFACT_DIR;
  if (env.LIBRARIAN_SHARED_DIR) return join(env.LIBRARIAN_SHARED_DIR, 'eval', 'scifact');
  return VENDORED_SCIFACT_DIR;
}

interface Checksum {
  lines: number;
  sha256: string;
}

function checksums(dir: string): Record<string, Checksum> | null {
  const file = join(dir, 'checksums.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Checksum>;
  } catch (error) {
    throw new ScifactDataError(`${file} is not valid JSON (${(error as Error).message})`);
  }
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n += 1;
  return n;
}

/** Reads a file line by line in 1 MiB chunks, so a large plain file is never one string. */
export function* readLines(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let chunk = Buffer.concat([carry, buf.subarray(0, n)]);
      let nl = chunk.indexOf(10);
      while (nl >= 0) {
        yield chunk.subarray(0, nl).toString('utf8').replace(/\r$/, '');
        chunk = chunk.subarray(nl + 1);
        nl = chunk.indexOf(10);
      }
      carry = Buffer.from(chunk);
    }
    if (carry.length > 0) yield carry.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function* splitLines(buf: Buffer): Generator<string> {
  let start = 0;
  for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
    yield buf.subarray(start, nl).toString('utf8').replace(/\r$/, '');
    start = nl + 1;
  }
  if (start < buf.length) yield buf.subarray(start).toString('utf8');
}

/** Reads one file fully (decompressed), verified when its folder has checksums. */
function readVerified(dir: string, name: ScifactFile, expected: Checksum): Buffer {
  const plain = join(dir, name);
  const gz = `${plain}.gz`;
  let buf: Buffer;
  if (existsSync(plain)) buf = readFileSync(plain);
  else if (existsSync(gz)) buf = gunzipped(gz);
  else throw new ScifactDataError(`SciFact file missing: ${gz}`);
  const shown = existsSync(plain) ? plain : gz;
  const lines = countLines(buf);
  if (lines !== expected.lines) throw new ScifactDataError(`SciFact file ${shown} is truncated or altered: ${lines} lines, expected ${expected.lines}`);
  if (createHash('sha256').update(buf).digest('hex') !== expected.sha256) throw new ScifactDataError(`SciFact file ${shown} does not match its checksum in ${join(dir, 'checksums.json')}`);
  return buf;
}

function gunzipped(file: string): Buffer {
  try {
    return gunzipSync(readFileSync(file));
  } catch (error) {
    throw new ScifactDataError(`SciFact file ${file} is truncated or corrupt (${(error as Error).message})`);
  }
}

/** The lines of one SciFact file (CR before LF dropped; a missing final newline tolerated in unverified folders). */
export function* scifactLines(name: ScifactFile, dir: string = scifactDir()): Generator<string> {
  const sums = checksums(dir);
  const expected = sums?.[name];
  if (expected) {
    yield* splitLines(readVerified(dir, name, expected));
    return;
  }
  const plain = join(dir, name);
  if (existsSync(plain)) yield* readLines(plain);
  else if (existsSync(`${plain}.gz`)) yield* splitLines(gunzipped(`${plain}.gz`));
  else throw new ScifactDataError(`SciFact file missing: ${plain} (nor ${plain}.gz)`);
}

/** The records of a JSON-lines file; a line that is not JSON is an error naming the file and line. */
export function* scifactRecords<T>(name: 'corpus.jsonl' | 'queries.jsonl', dir: string = scifactDir()): Generator<T> {
  let n = 0;
  for (const line of scifactLines(name, dir)) {
    n += 1;
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as T;
    } catch {
      throw new ScifactDataError(`SciFact file ${join(dir, name)}: line ${n} is not JSON (truncated?)`);
    }
  }
}

/** A qrels split: query id -> corpus id -> graded relevance (the header line skipped). */
export function scifactQrels(split: 'train' | 'test', dir: string = scifactDir()): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let header = true;
  for (const line of scifactLines(`qrels/${split}.tsv`, dir)) {
    if (header) {
      header = false;
      continue;
    }
    const [q, d, s] = line.trim().split(/\s+/);
    if (!q || !d) continue;
    if (!out.has(q)) out.set(q, new Map());
    (out.get(q) as Map<string, number>).set(d, Number(s));
  }
  return out;
}
