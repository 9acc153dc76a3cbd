import { isTestOrDoc } from './symbols';
import type { ShipChange, ShipChunk, ShipFinding, ShipHunk, ShipSymbol } from './types';

/**
 * The sections of a Library's pages a change makes wrong, each with the reason and a suggested edit:
 * - `code-match`: the chunk shows the old text of a changed region (line based, fuzzy: whitespace collapsed, and a
 *   line counts when 75% of its tokens appear, in any order, in one window of the chunk);
 * - `names-symbol`: the chunk names a removed or renamed definition, flag, environment variable, configuration key
 *   or route (whole-token match; common words only when they read as code: `timeout:`, `deploy()`); a flag only
 *   where the section also names one of the change's `programs`, when it has some;
 * - `names-file`: the chunk names a removed or renamed file. A page that only names a file that changed is not
 *   reported: most changes to a file leave what its pages say true (the baseline in bench/figures/ship.ts).
 * One finding per section and subject; overlapping chunks of one section count once.
 *
 * @example
 * findAffected(change, chunks)[0]
 * // { pageId: '42', section: ['Rollback'], kind: 'names-symbol',
 * //   reason: "section 'Rollback' names `--force`; `--force` was removed from src/cli.ts in a1b2c3d",
 * //   edit: { op: 'flag', sentence: 'Run deploy --force to skip the health check.' }, ... }
 */
export function findAffected(change: ShipChange, chunks: ShipChunk[]): ShipFinding[] {
  const out: ShipFinding[] = [];
  const seen = new Set<string>();
  const commit = change.head.slice(0, 7);
  const push = (chunk: ShipChunk, subject: string, finding: Omit<ShipFinding, 'pageId' | 'title' | 'spaceKey' | 'section' | 'url' | 'version'>): void => {
    const key = `${chunk.pageId}\u0000${chunk.headingPath.join('\u0001')}\u0000${subject}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ pageId: chunk.pageId, title: chunk.title, spaceKey: chunk.spaceKey, section: chunk.headingPath, url: chunk.url, version: chunk.version, ...finding });
  };
  const regions = codeRegions(change);
  const symbols = change.symbols.filter((s) => s.kind !== 'path');
  const paths = change.symbols.filter((s) => s.kind === 'path');
  const programs = change.programs ?? [];

  for (const chunk of chunks) {
    const where = sectionLabel(chunk);
    const flat = collapse(chunk.text);
    const chunkTokens = tokenize(flat);
    const coveredByCode = new Set<string>();
    for (const region of regions) {
      const shown = matchedLines(region.lines, flat, chunkTokens);
      if (shown.length < Math.max(1, Math.ceil(region.lines.length * 0.6))) continue;
      const sample = shown[0];
      for (const s of symbols) if (region.hunk.oldText.includes(s.name)) coveredByCode.add(s.name);
      push(chunk, `code ${region.file} ${region.hunk.oldStart}`, {
        kind: 'code-match',
        reason: `${where} shows \`${clipText(sample, 80)}\`; ${region.file} changed that in ${commit}`,
        edit: region.hunk.newText.trim()
          ? { op: 'replaceCode', before: region.hunk.oldText, code: region.hunk.newText }
          : { op: 'flag', sentence: clipText(sample, 300) },
      });
    }
    const namesProgram = !programs.length || programs.some((name) => tokenRe(name).test(chunk.text));
    for (const s of symbols) {
      if (coveredByCode.has(s.name)) continue;
      if (s.kind === 'flag' && !namesProgram) continue;
      const count = occurrences(chunk.text, s);
      if (!count) continue;
      const gone = s.change === 'renamed' && s.to ? `it was renamed to \`${s.to}\`` : `\`${s.name}\` was removed from ${s.file}`;
      push(chunk, `${s.kind} ${s.name}`, {
        kind: 'names-symbol',
        reason: `${where} names \`${s.name}\`; ${gone} in ${commit}`,
        edit: s.change === 'renamed' && s.to ? { op: 'renameToken', from: s.name, to: s.to, occurrences: count } : { op: 'flag', sentence: sentenceWith(chunk.text, s.name) },
      });
    }
    for (const p of paths) {
      const name = p.name;
      const base = name.split('/').pop() ?? name;
      const named = chunk.text.includes(name) ? name : base.includes('.') && tokenRe(base).test(chunk.text) ? base : undefined;
      if (!named) continue;
      const to = p.to ? (named === name ? p.to : (p.to.split('/').pop() ?? p.to)) : undefined;
      push(chunk, `path ${name}`, {
        kind: 'names-file',
        reason: `${where} names ${named}; ${p.to ? `it was renamed to ${p.to}` : 'it was removed'} in ${commit}`,
        edit: to && to !== named ? { op: 'renameToken', from: named, to, occurrences: count(chunk.text, tokenRe(named)) } : { op: 'flag', sentence: sentenceWith(chunk.text, named) },
      });
    }
  }
  return out;
}

function sectionLabel(chunk: ShipChunk): string {
  const heading = chunk.headingPath[chunk.headingPath.length - 1];
  return heading ? `section '${heading}' of '${chunk.title}'` : `page '${chunk.title}'`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function tokenize(text: string): string[] {
  return text.match(/[\w$-]+|[^\s\w]/g) ?? [];
}

function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

interface CodeRegion {
  file: string;
  hunk: ShipHunk;
  /** The region's old lines worth matching, whitespace collapsed. */
  lines: string[];
}

/** Old text of changed regions of product files, lines short or made of punctuation dropped (`}`, `fi`, blank). */
function codeRegions(change: ShipChange): CodeRegion[] {
  const out: CodeRegion[] = [];
  for (const f of change.files) {
    if (isTestOrDoc(f.path)) continue;
    for (const hunk of f.hunks) {
      const lines = hunk.oldText
        .split('\n')
        .map(collapse)
        .filter((l) => l.length >= 12 && (l.match(/[\w-]+/g) ?? []).length >= 2 && !/^(\/\/|#|\*|\/\*)/.test(l));
      if (lines.length) out.push({ file: f.path, hunk, lines });
    }
  }
  return out;
}

/** The old lines the chunk shows: exactly (whitespace collapsed) or with 75% of their tokens in one window. */
function matchedLines(lines: string[], flat: string, chunkTokens: string[]): string[] {
  return lines.filter((line) => flat.includes(line) || fuzzyIn(tokenize(line), chunkTokens));
}

function fuzzyIn(lineTokens: string[], chunkTokens: string[]): boolean {
  const n = lineTokens.length;
  if (n < 4 || chunkTokens.length < n) return false;
  const need = Math.ceil(n * 0.75);
  const want = new Map<string, number>();
  for (const t of lineTokens) want.set(t, (want.get(t) ?? 0) + 1);
  // Sliding window over the chunk's tokens, counting tokens of the line it holds.
  const have = new Map<string, number>();
  let hits = 0;
  const addTok = (t: string, d: 1 | -1): void => {
    const w = want.get(t);
    if (w === undefined) return;
    const before = have.get(t) ?? 0;
    const after = before + d;
    have.set(t, after);
    if (d === 1 && after <= w) hits += 1;
    if (d === -1 && before <= w) hits -= 1;
  };
  for (let i = 0; i < chunkTokens.length; i++) {
    addTok(chunkTokens[i], 1);
    if (i >= n) addTok(chunkTokens[i - n], -1);
    if (i >= n - 1 && hits >= need) return true;
  }
  return false;
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The name as a whole token: not inside a longer word, flag or path. */
function tokenRe(name: string): RegExp {
  return new RegExp(`(?<![\\w$-])${escapeRe(name)}(?![\\w$-]|\\.[\\w])`, 'g');
}

function count(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

/** Plain words (`timeout`, `deploy`) count only where they read as code; distinctive names count anywhere. */
function occurrences(text: string, s: ShipSymbol): number {
  if (s.kind === 'route') return count(text, new RegExp(`${escapeRe(s.name)}(?![\\w-])`, 'g'));
  const distinctive = s.kind === 'flag' || /[_.$]|[a-z][A-Z]|\d/.test(s.name) || (s.kind === 'env' && /^[A-Z0-9_]+$/.test(s.name));
  if (distinctive) return count(text, tokenRe(s.name));
  const asCode = s.kind === 'config' ? `${escapeRe(s.name)}\\s*[:=]` : `${escapeRe(s.name)}\\(`;
  return count(text, new RegExp(`(?<![\\w$-])${asCode}`, 'g'));
}

/** The sentence (or line) of the chunk that names `name`, for the person who decides what to write. */
function sentenceWith(text: string, name: string): string {
  const parts = text.split(/\n|(?<=[.!?])\s+(?=[A-Z`])/);
  const found = parts.find((p) => p.includes(name)) ?? text;
  return clipText(found.trim(), 300);
}
