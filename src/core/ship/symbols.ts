import type { ShipHunk, ShipSymbol, ShipSymbolKind } from './types';

/**
 * The names a changed file's lines define or use that pages talk about: definitions, command-line flags,
 * environment variables, configuration keys and HTTP routes. Line based and language agnostic (TypeScript,
 * JavaScript, Python, Go and shell shapes), because a CI step cannot know every language's grammar.
 *
 * @example
 * namesIn("  .option('--force', 'skip checks')", 'src/cli.ts') // [{ kind: 'flag', name: '--force' }]
 */
export function namesIn(line: string, file: string): Array<{ kind: ShipSymbolKind; name: string }> {
  const out: Array<{ kind: ShipSymbolKind; name: string }> = [];
  const add = (kind: ShipSymbolKind, name: string | undefined): void => {
    if (name && !out.some((n) => n.kind === kind && n.name === name)) out.push({ kind, name });
  };
  const code = line.replace(/^\s*(\/\/|#)\s.*$/, '');
  for (const m of code.matchAll(DEFINITION)) add('identifier', m[1]);
  for (const m of code.matchAll(FLAG)) add('flag', m[1]);
  for (const re of ENV) for (const m of code.matchAll(re)) add('env', m[1]);
  for (const m of code.matchAll(ROUTE)) add('route', m[2]);
  if (CONFIG_FILE.test(file)) {
    const key = CONFIG_KEY.exec(code);
    if (key) add('config', key[1]);
    const env = DOTENV.exec(code);
    if (env && /\.env/.test(file)) add('env', env[1]);
  }
  return out;
}

// Definitions: `export function x`, `class X`, `const X =`, `def x(`, `func X(`, `interface X`, `type X =`.
const DEFINITION =
  /(?:^|\s)(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|var|def|func)\s+([A-Za-z_$][\w$]{2,})/g;
// Long flags as the code declares them, inside quotes or after a space: `'--dry-run'`, `--force`.
const FLAG = /(?:^|[\s'"`[(,=])(--[a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?![\w-])/g;
const ENV = [
  /process\.env\.([A-Z][A-Z0-9_]{2,})/g,
  /process\.env\[['"]([A-Z][A-Z0-9_]{2,})['"]\]/g,
  /(?:os\.environ(?:\.get)?[[(]|os\.getenv\(|os\.Getenv\()['"]([A-Z][A-Z0-9_]{2,})['"]/g,
];
// Routes declared by Express/Fastify/Flask-like registrations: `app.get('/v1/deploys', ...)`, `@app.route("/x")`.
const ROUTE = /\.(get|post|put|patch|delete|route|all)\(\s*['"`](\/[\w\-/:{}.]*)['"`]/g;
const CONFIG_FILE = /\.(ya?ml|toml|json|ini|env)$|(^|\/)\.env[^/]*$/;
// A key at the start of a YAML/TOML/INI/JSON line: `  max_retries: 3`, `"timeout": 30`, `region = "eu"`.
const CONFIG_KEY = /^\s*["']?([A-Za-z_][\w.-]*[A-Za-z0-9_])["']?\s*[:=]/;
const DOTENV = /^\s*([A-Z][A-Z0-9_]{2,})\s*=/;

/** Test and documentation files: what they stop mentioning says nothing about the product. */
export function isTestOrDoc(path: string): boolean {
  return /(^|\/)(test|tests|__tests__|spec|docs?)\//.test(path) || /\.(test|spec)\.[a-z]+$|_test\.go$|(^|\/)test_[^/]+\.py$|\.(md|mdx|rst|txt)$/.test(path);
}

function tokens(line: string): string[] {
  return line.match(/--?[\w-]+|[\w$.]+|\S/g) ?? [];
}

/** Share of the two lines' tokens they have in common (Dice coefficient over token multisets). */
function likeness(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (!ta.length || !tb.length) return 0;
  const counts = new Map<string, number>();
  for (const t of ta) counts.set(t, (counts.get(t) ?? 0) + 1);
  let shared = 0;
  for (const t of tb) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      shared += 1;
      counts.set(t, c - 1);
    }
  }
  return (2 * shared) / (ta.length + tb.length);
}

/** The added line a removed line became: the same position when the hunk kept its line count, else the likeliest. */
function partnerOf(oldLines: string[], newLines: string[], i: number): string | undefined {
  if (newLines.length === oldLines.length) return newLines[i];
  let best: string | undefined;
  let score = 0.5;
  for (const l of newLines) {
    const s = likeness(oldLines[i], l);
    if (s > score) [best, score] = [l, s];
  }
  return best;
}

/**
 * Names whose definitions or declarations the change removed or renamed. A name is `removed` when the old side
 * has it and no new line of any file still has it; `renamed` when a removed line and an added line of the same
 * hunk differ only by that name. Test and documentation files are not read.
 *
 * @example
 * changedSymbols([{ path: 'src/cli.ts', hunks: [{ oldStart: 3, oldText: ".option('--force')", newText: ".option('--yes')" }] }])
 * // [{ kind: 'flag', name: '--force', change: 'renamed', to: '--yes', file: 'src/cli.ts' }]
 */
export function changedSymbols(files: Array<{ path: string; hunks: ShipHunk[] }>): ShipSymbol[] {
  const product = files.filter((f) => !isTestOrDoc(f.path));
  const stillThere = new Set<string>();
  for (const f of product) for (const h of f.hunks) for (const line of h.newText.split('\n')) for (const n of namesIn(line, f.path)) stillThere.add(`${n.kind} ${n.name}`);
  const out: ShipSymbol[] = [];
  const seen = new Set<string>();
  for (const f of product) {
    for (const h of f.hunks) {
      const oldLines = h.oldText ? h.oldText.split('\n') : [];
      const newLines = h.newText ? h.newText.split('\n') : [];
      oldLines.forEach((line, i) => {
        const oldNames = namesIn(line, f.path);
        for (const n of oldNames) {
          const key = `${n.kind} ${n.name}`;
          if (stillThere.has(key) || seen.has(key)) continue;
          seen.add(key);
          const partner = partnerOf(oldLines, newLines, i);
          const fresh = partner === undefined ? [] : namesIn(partner, f.path).filter((m) => m.kind === n.kind && !oldNames.some((o) => o.kind === m.kind && o.name === m.name));
          if (fresh.length === 1) out.push({ kind: n.kind, name: n.name, change: 'renamed', to: fresh[0].name, file: f.path });
          else out.push({ kind: n.kind, name: n.name, change: 'removed', file: f.path });
        }
      });
    }
  }
  return out;
}
