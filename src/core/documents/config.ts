/**
 * `librarian.yml`: the repository file that maps Documents (Markdown files) to Confluence pages. Parsed with the
 * `yaml` package (YAML 1.2 core schema: no custom tags, aliases bounded by the library's `maxAliasCount`), then
 * checked strictly: unknown keys, paths that leave the repository, two Documents on one page and malformed ids are
 * refused, every problem with its line, all at once.
 *
 *   # librarian.yml
 *   parent: 98765                    # where pages that do not exist yet are created (optional)
 *   space: ENG                       # default space for title targets (optional)
 *   documents:
 *     docs/deploy.md: 123456         # a page id
 *     docs/runbook.md: { title: Runbook, space: SRE, parent: 4242 }
 *
 * @example
 * const { documents } = parseLibrarianYml(text); // [{ path: 'docs/deploy.md', target: { pageId: '123456' }, line: 5 }]
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { CONTROL, pathProblem, visible } from './path';
import type { DocumentMapping, DocumentTarget } from './types';

export { pathProblem };

export const LIBRARIAN_YML = 'librarian.yml';
/** Larger than any real mapping file; a bigger one is refused before it is parsed. */
export const MAX_CONFIG_BYTES = 64 * 1024;
export const MAX_DOCUMENTS = 500;

export interface LibrarianConfig {
  documents: DocumentMapping[];
  /** Default parent page id for Documents without one. */
  parentId?: string;
  /** Default space key for title targets without one. */
  spaceKey?: string;
}

export interface ConfigProblem {
  line: number;
  message: string;
}

/** A librarian.yml that cannot be used; `problems` lists every problem found, each with its line. */
export class DocumentConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`${LIBRARIAN_YML}: ${problems.map((p) => (p.line ? `line ${p.line}: ${p.message}` : p.message)).join('; ')}`);
    this.name = 'DocumentConfigError';
  }
}

const TOP_KEYS = new Set(['version', 'parent', 'space', 'documents']);
const TARGET_KEYS = new Set(['page', 'title', 'space', 'parent']);
const PAGE_ID = /^\d{1,20}$/;
/** Space keys: letters, digits and `_-`; personal spaces start with `~` (Confluence's personal space keys). */
const SPACE_KEY = /^~?[A-Za-z0-9_-]{1,255}$/;

/** Parses and checks librarian.yml; throws DocumentConfigError listing every problem with its line. */
export function parseLibrarianYml(text: string): LibrarianConfig {
  if (typeof text !== 'string') throw new DocumentConfigError([{ line: 0, message: 'the file is not text' }]);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) throw new DocumentConfigError([{ line: 0, message: `the file is ${bytes} bytes; at most ${MAX_CONFIG_BYTES} are read` }]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, schema: 'core', merge: false, prettyErrors: true });
  const problems: ConfigProblem[] = [];
  const lineOf = (node: YamlNode | Pair | null | undefined): number => {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as YamlNode | null)?.range : undefined;
    return range ? lines.linePos(range[0]).line : 0;
  };
  for (const e of [...doc.errors, ...doc.warnings]) problems.push({ line: e.linePos?.[0]?.line ?? 0, message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') });
  if (problems.length) throw new DocumentConfigError(problems);
  const root = doc.contents;
  if (root === null || root === undefined) throw new DocumentConfigError([{ line: 1, message: 'the file is empty; it needs a "documents:" mapping' }]);
  if (!isMap(root)) throw new DocumentConfigError([{ line: lineOf(root), message: 'the file must be a mapping with a "documents:" key' }]);

  const config: LibrarianConfig = { documents: [] };
  let documentsNode: YamlNode | null | undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const line = lineOf(pair.key as YamlNode);
    if (key === undefined || !TOP_KEYS.has(key)) {
      problems.push({ line, message: `unknown key "${visible(String(key ?? '?'))}" (known: ${[...TOP_KEYS].join(', ')})` });
      continue;
    }
    const value = pair.value as YamlNode | null;
    if (key === 'version') {
      if (!isScalar(value) || String(value.value) !== '1') problems.push({ line, message: 'version must be 1' });
    } else if (key === 'parent') {
      const id = pageId(value);
      if (id) config.parentId = id;
      else problems.push({ line, message: 'parent must be a page id (digits)' });
    } else if (key === 'space') {
      const space = isScalar(value) ? String(value.value) : '';
      if (SPACE_KEY.test(space)) config.spaceKey = space;
      else problems.push({ line, message: `space "${visible(space)}" is not a space key` });
    } else documentsNode = value;
  }
  if (documentsNode === undefined) problems.push({ line: 1, message: 'the "documents:" mapping is missing' });
  else if (!isMap(documentsNode)) problems.push({ line: lineOf(documentsNode) || 1, message: 'documents must be a mapping of "path: page" entries' });
  else {
    if (documentsNode.items.length > MAX_DOCUMENTS) problems.push({ line: lineOf(documentsNode), message: `${documentsNode.items.length} Documents; at most ${MAX_DOCUMENTS} are mapped` });
    for (const pair of documentsNode.items.slice(0, MAX_DOCUMENTS)) {
      const mapping = documentEntry(pair, config, lineOf, problems);
      if (mapping) config.documents.push(mapping);
    }
  }
  duplicateTargets(config.documents, problems);
  if (problems.length) throw new DocumentConfigError(problems.sort((a, b) => a.line - b.line));
  return config;
}

/** A page id from a scalar: digits, quoted or not (the raw source is read, so long ids keep every digit). */
function pageId(node: YamlNode | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const raw = typeof node.value === 'number' ? (node.source ?? String(node.value)) : String(node.value);
  return PAGE_ID.test(raw) ? raw : undefined;
}

function documentEntry(
  pair: Pair,
  defaults: LibrarianConfig,
  lineOf: (node: YamlNode | Pair | null | undefined) => number,
  problems: ConfigProblem[],
): DocumentMapping | undefined {
  const line = lineOf(pair.key as YamlNode);
  const path = isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
  if (path === undefined) {
    problems.push({ line, message: 'a Document path must be a string' });
    return undefined;
  }
  const bad = pathProblem(path);
  if (bad) {
    problems.push({ line, message: bad });
    return undefined;
  }
  const value = pair.value as YamlNode | null;
  if (isScalar(value)) {
    const id = pageId(value);
    if (!id) {
      problems.push({ line, message: `"${path}": a page id is digits; for a title write { title: ..., space: ... }` });
      return undefined;
    }
    return { path, target: { pageId: id }, ...(defaults.parentId ? { parentId: defaults.parentId } : {}), line };
  }
  if (!isMap(value)) {
    problems.push({ line, message: `"${path}" needs a page id or { title, space }` });
    return undefined;
  }
  const fields: Record<string, YamlNode | null> = {};
  let ok = true;
  for (const item of value.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '?';
    if (!TARGET_KEYS.has(key)) {
      problems.push({ line: lineOf(item.key as YamlNode), message: `"${path}": unknown key "${visible(key)}" (known: ${[...TARGET_KEYS].join(', ')})` });
      ok = false;
    } else fields[key] = item.value as YamlNode | null;
  }
  if (!ok) return undefined;
  let parentId = defaults.parentId;
  if ('parent' in fields) {
    parentId = pageId(fields.parent);
    if (!parentId) {
      problems.push({ line, message: `"${path}": parent must be a page id (digits)` });
      return undefined;
    }
  }
  let target: DocumentTarget | undefined;
  if ('page' in fields) {
    const id = pageId(fields.page);
    if (!id) problems.push({ line, message: `"${path}": page must be a page id (digits)` });
    else if ('title' in fields) problems.push({ line, message: `"${path}": give a page id or a title, not both` });
    else target = { pageId: id };
  } else if ('title' in fields) {
    const title = isScalar(fields.title) ? String(fields.title.value ?? '').trim() : '';
    const space = 'space' in fields ? (isScalar(fields.space) ? String(fields.space.value) : '') : defaults.spaceKey;
    if (!title || title.length > 255 || CONTROL.test(title)) problems.push({ line, message: `"${path}": title must be 1 to 255 characters of text` });
    else if (!space) problems.push({ line, message: `"${path}": a title needs a space (space: KEY here, or at the top of the file)` });
    else if (!SPACE_KEY.test(space)) problems.push({ line, message: `"${path}": space "${visible(space)}" is not a space key` });
    else target = { title, spaceKey: space };
  } else problems.push({ line, message: `"${path}" needs page: <id> or title: <title>` });
  if (!target) return undefined;
  return { path, target, ...(parentId ? { parentId } : {}), line };
}

/** Two Documents on one page would overwrite each other's sections: refused, naming both lines. */
function duplicateTargets(documents: DocumentMapping[], problems: ConfigProblem[]): void {
  const seen = new Map<string, DocumentMapping>();
  for (const d of documents) {
    const key = 'pageId' in d.target ? `id:${d.target.pageId}` : `title:${d.target.spaceKey}:${d.target.title.toLowerCase()}`;
    const first = seen.get(key);
    if (first) problems.push({ line: d.line, message: `"${d.path}" maps to the same page as "${first.path}" (line ${first.line}); one page takes one Document` });
    else seen.set(key, d);
  }
}
