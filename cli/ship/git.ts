/**
 * Reads a change from a git checkout for `librarian ship`: runs git itself (no shell, so revisions are never
 * interpreted by one) and hands the raw diff bytes to the core's `buildShipChange`.
 *
 * @example
 * const change = readGitChange({ cwd: process.cwd(), base: 'HEAD~1', head: 'HEAD', link: process.env.CI_COMMIT_URL });
 */
import { execFileSync } from 'node:child_process';
import { buildShipChange, programsOf } from '../../src/core/ship';
import type { ShipChange } from '../../src/core/ship';

export interface GitChangeOptions {
  cwd: string;
  /** Default: the head's first parent (so the last commit alone; for a merge commit, what the merge brought in). */
  base?: string;
  /** Default: HEAD. */
  head?: string;
  link?: string;
  /** Byte budget of the change (default MAX_CHANGE_BYTES): smaller when Documents go with it. */
  maxBytes?: number;
}

/** git output can be large (a 50,000-file diff): allow 512 MiB before git's output is refused. */
const MAX_BUFFER = 512 * 1024 * 1024;

function git(cwd: string, args: string[]): Buffer {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    throw new Error(`git ${args[0]} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`, { cause: error });
  }
}

/** Rejects revisions git would read as options (`--output=...`). */
function revision(name: string, value: string): string {
  if (!value || value.startsWith('-')) throw new Error(`ship: ${name} "${value}" is not a revision`);
  return value;
}

export function readGitChange(options: GitChangeOptions): ShipChange {
  const head = revision('--head', options.head ?? 'HEAD');
  const headSha = git(options.cwd, ['rev-parse', '--verify', '--end-of-options', `${head}^{commit}`]).toString('utf8').trim();
  const base = options.base ? revision('--base', options.base) : `${headSha}^1`;
  let baseSha: string;
  let root = false;
  try {
    baseSha = git(options.cwd, ['rev-parse', '--verify', '--end-of-options', `${base}^{commit}`]).toString('utf8').trim();
  } catch {
    // The root commit has no parent: diff against the empty tree.
    if (options.base) throw new Error(`ship: --base ${options.base} is not a commit of this repository`);
    baseSha = git(options.cwd, ['hash-object', '-t', 'tree', '/dev/null']).toString('utf8').trim();
    root = true;
  }
  const diff = git(options.cwd, ['diff', '--no-color', '--no-ext-diff', '--find-renames', '--unified=3', baseSha, headSha, '--']);
  const subjects = git(options.cwd, ['log', '--reverse', '--no-merges', '--format=%s', root ? headSha : `${baseSha}..${headSha}`])
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  let programs: string[] = [];
  try {
    programs = programsOf(git(options.cwd, ['show', `${headSha}:package.json`]).toString('utf8'));
  } catch {
    // No package.json at the head: flags are matched without a program.
  }
  return buildShipChange({ diff, base: baseSha.slice(0, 12), head: headSha.slice(0, 12), subjects, programs, ...(options.link ? { link: options.link } : {}), ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) });
}
