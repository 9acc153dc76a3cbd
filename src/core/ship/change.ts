import parseGitDiff from 'parse-git-diff';
import { changedSymbols } from './symbols';
import type { ShipChange, ShipCut, ShipFile, ShipHunk } from './types';

/**
 * Most bytes a ShipChange may take as JSON. Forge async events take at most 200 KB per push request, and 100 KB
 * per event for a consumer whose function runs longer than 55 seconds (https://developer.atlassian.com/platform/forge/limits-async-events);
 * web trigger requests are bounded by the platform's invocation limits
 * (https://developer.atlassian.com/platform/forge/events-reference/web-trigger/). 90,000 bytes leaves room for the
 * envelope (Library id, signature headers) and for the change being queued as one event.
 */
export const MAX_CHANGE_BYTES = 90_000;
/** Most characters kept of one side of one hunk: a page's code sample is far shorter. */
const MAX_HUNK_SIDE = 4_000;
const MAX_HUNKS_PER_FILE = 40;
const MAX_SYMBOLS = 400;
const MAX_SUBJECTS = 100;
const MAX_SKIPPED = 200;
/** Files whose hunks are read; the rest are listed by path only (bounded work for a 50,000-file diff). */
const MAX_FILES_READ = 3_000;

export interface ShipChangeInput {
  /** `git diff` output (unified, `-M` for renames) as bytes or text; bytes let files that are not UTF-8 be skipped. */
  diff: Uint8Array | string;
  base: string;
  head: string;
  subjects?: string[];
  link?: string;
  /** Command-line programs the repository ships (see `programsOf`). */
  programs?: string[];
  /** Byte budget (default MAX_CHANGE_BYTES), for tests. */
  maxBytes?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Splits raw diff bytes at each `diff --git ` line, so one bad file never spoils the others. */
function fileSections(diff: Uint8Array): Uint8Array[] {
  const marker = Buffer.from('diff --git ');
  const buf = Buffer.from(diff.buffer, diff.byteOffset, diff.byteLength);
  const starts: number[] = [];
  let at = buf.indexOf(marker);
  while (at !== -1) {
    if (at === 0 || buf[at - 1] === 0x0a) starts.push(at);
    at = buf.indexOf(marker, at + 1);
  }
  return starts.map((s, i) => buf.subarray(s, starts[i + 1] ?? buf.length));
}

function sectionPath(section: Uint8Array): string {
  const head = Buffer.from(section.subarray(0, Math.min(section.length, 600))).toString('latin1');
  const m = /^diff --git a\/(.*?) b\/(.*)$/m.exec(head);
  return m ? m[2] : '(unknown)';
}

function hunksOf(chunks: ReturnType<typeof parseGitDiff>['files'][number]['chunks']): ShipHunk[] {
  const out: ShipHunk[] = [];
  for (const chunk of chunks) {
    if (chunk.type === 'BinaryFilesChunk') continue;
    // Consecutive deleted/added lines are one region; a context line closes it (so each region pairs old with new).
    let region: { oldStart: number; old: string[]; added: string[] } | undefined;
    const close = (): void => {
      if (region && (region.old.length || region.added.length)) out.push({ oldStart: region.oldStart, oldText: region.old.join('\n'), newText: region.added.join('\n') });
      region = undefined;
    };
    const fromStart = chunk.type === 'Chunk' ? chunk.fromFileRange.start : chunk.fromFileRangeA.start;
    for (const line of chunk.changes) {
      if (line.type === 'DeletedLine') {
        region ??= { oldStart: line.lineBefore, old: [], added: [] };
        region.old.push(line.content);
      } else if (line.type === 'AddedLine') {
        region ??= { oldStart: fromStart, old: [], added: [] };
        region.added.push(line.content);
      } else if (line.type === 'UnchangedLine') close();
    }
    close();
  }
  return out;
}

function sizeOf(change: ShipChange): number {
  return Buffer.byteLength(JSON.stringify(change), 'utf8');
}

function clip(text: string, max: number): { text: string; clipped: boolean } {
  if (text.length <= max) return { text, clipped: false };
  const cut = text.lastIndexOf('\n', max);
  return { text: text.slice(0, cut > 0 ? cut : max), clipped: true };
}

/**
 * The compact change a CI step sends for `git diff base..head`: files with their hunks (old and new text), the
 * names the change removed or renamed, commit subjects and a link, at most `MAX_CHANGE_BYTES` as JSON. Binary
 * files and files that are not UTF-8 are listed in `skipped`; what the bound cut is listed in `cut`. Throws a
 * clear error when the text is not a git diff at all.
 *
 * @example
 * const diff = execFileSync('git', ['diff', '-M', '--no-color', 'HEAD~1', 'HEAD']);
 * const change = buildShipChange({ diff, base: 'HEAD~1', head: 'a1b2c3d', subjects: ['Drop --force'] });
 * change.symbols; // [{ kind: 'flag', name: '--force', change: 'removed', file: 'src/cli.ts' }]
 */
export function buildShipChange(input: ShipChangeInput): ShipChange {
  const bytes = typeof input.diff === 'string' ? Buffer.from(input.diff, 'utf8') : input.diff;
  const sections = fileSections(bytes);
  if (!sections.length && bytes.length > 0 && Buffer.from(bytes.subarray(0, 2000)).toString('latin1').trim()) {
    throw new Error('ship: the input is not `git diff` output (no "diff --git" line)');
  }
  const change: ShipChange = { base: input.base, head: input.head, subjects: (input.subjects ?? []).slice(0, MAX_SUBJECTS), files: [], symbols: [], skipped: [], cut: [] };
  if (input.link) change.link = input.link;
  if (input.programs?.length) change.programs = input.programs.slice(0, 20);
  const cut = new Map<string, number>();
  const note = (what: string, n = 1): void => void cut.set(what, (cut.get(what) ?? 0) + n);
  const skip = (path: string, why: 'binary' | 'not-utf8'): void => {
    if (change.skipped.length < MAX_SKIPPED) change.skipped.push({ path, why });
    else note('skipped-file entries');
  };
  if ((input.subjects?.length ?? 0) > MAX_SUBJECTS) note('commit subjects', (input.subjects?.length ?? 0) - MAX_SUBJECTS);

  for (const [i, section] of sections.entries()) {
    if (i >= MAX_FILES_READ) {
      change.files.push({ status: 'changed', path: sectionPath(section), hunks: [] });
      note('hunks of files beyond the first 3000');
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(section);
    } catch {
      skip(sectionPath(section), 'not-utf8');
      continue;
    }
    for (const file of parseGitDiff(text).files) {
      if (file.chunks.some((c) => c.type === 'BinaryFilesChunk') || /^GIT binary patch$/m.test(text)) {
        skip(file.type === 'RenamedFile' ? file.pathAfter : file.path, 'binary');
        continue;
      }
      let hunks = hunksOf(file.chunks);
      if (hunks.length > MAX_HUNKS_PER_FILE) {
        note('hunks beyond 40 in a file', hunks.length - MAX_HUNKS_PER_FILE);
        hunks = hunks.slice(0, MAX_HUNKS_PER_FILE);
      }
      hunks = hunks.map((h) => {
        const o = clip(h.oldText, MAX_HUNK_SIDE);
        const n = clip(h.newText, MAX_HUNK_SIDE);
        if (o.clipped || n.clipped) note('long hunks shortened');
        return { oldStart: h.oldStart, oldText: o.text, newText: n.text };
      });
      const entry: ShipFile =
        file.type === 'RenamedFile'
          ? { status: 'renamed', path: file.pathAfter, oldPath: file.pathBefore, hunks }
          : { status: file.type === 'AddedFile' ? 'added' : file.type === 'DeletedFile' ? 'removed' : 'changed', path: file.path, hunks };
      change.files.push(entry);
    }
  }

  // Names come from the full hunks, before the byte bound drops any.
  const symbols = changedSymbols(change.files);
  for (const f of change.files) {
    if (f.status === 'removed') symbols.push({ kind: 'path', name: f.path, change: 'removed', file: f.path });
    if (f.status === 'renamed' && f.oldPath) symbols.push({ kind: 'path', name: f.oldPath, change: 'renamed', to: f.path, file: f.path });
  }
  if (symbols.length > MAX_SYMBOLS) note('names', symbols.length - MAX_SYMBOLS);
  change.symbols = symbols.slice(0, MAX_SYMBOLS);
  bound(change, input.maxBytes ?? MAX_CHANGE_BYTES, note);
  change.cut = [...cut].map(([what, count]): ShipCut => ({ what, count }));
  return change;
}

/** Drops hunks of the largest files first, then whole file entries from the end, until the change fits. */
function bound(change: ShipChange, maxBytes: number, note: (what: string, n?: number) => void): void {
  // Reserve room for the notes themselves.
  const budget = maxBytes - 400;
  if (sizeOf(change) <= budget) return;
  const bySize = [...change.files].sort((a, b) => hunkBytes(b) - hunkBytes(a));
  let size = sizeOf(change);
  for (const f of bySize) {
    if (size <= budget) break;
    if (!f.hunks.length) continue;
    const saved = hunkBytes(f);
    note('hunks of large files', f.hunks.length);
    f.hunks = [];
    size -= saved;
  }
  size = sizeOf(change);
  if (size > budget) {
    let dropped = 0;
    while (change.files.length && size > budget) {
      const f = change.files.pop() as ShipFile;
      size -= Buffer.byteLength(JSON.stringify(f), 'utf8') + 1;
      dropped += 1;
    }
    note('files (listed beyond the size limit)', dropped);
  }
  while (change.skipped.length && sizeOf(change) > budget) {
    change.skipped.pop();
    note('skipped-file entries');
  }
  while (change.symbols.length && sizeOf(change) > budget) {
    change.symbols.pop();
    note('names');
  }
}

function hunkBytes(f: ShipFile): number {
  return Buffer.byteLength(JSON.stringify(f.hunks), 'utf8');
}

/**
 * The programs a package.json declares: the keys of `bin`, or the package name (without its scope) when `bin` is
 * one path. Nothing for text that is not a package.json.
 *
 * @example
 * programsOf('{"name":"@acme/search","bin":{"acme-search":"dist/cli.js"}}') // ['acme-search']
 */
export function programsOf(packageJson: string): string[] {
  let parsed: { name?: unknown; bin?: unknown };
  try {
    parsed = JSON.parse(packageJson) as { name?: unknown; bin?: unknown };
  } catch {
    return [];
  }
  if (parsed.bin && typeof parsed.bin === 'object') return Object.keys(parsed.bin).filter((k) => /^[\w@./-]{1,100}$/.test(k));
  if (typeof parsed.bin === 'string' && typeof parsed.name === 'string') return [parsed.name.replace(/^@[^/]+\//, '')];
  return [];
}
