/**
 * The Documents of a ship: reads `librarian.yml` at the head revision, and sends the full Markdown of each mapped
 * Document the change touched (or whose mapping changed). Each Document goes whole or not at all, within
 * MAX_DOCUMENT_BYTES each and MAX_DOCUMENTS_BYTES together; what is left out is named in the change's `cut` and in
 * the notes the command prints. An unchanged Document is not sent. git runs without a shell.
 *
 * @example
 * const shipped = withDocuments(change, { cwd, rebuild: (maxBytes) => readGitChange({ cwd, maxBytes }) });
 * await fetch(url, { method: 'POST', body: shipped.body, … });
 */
import { execFileSync } from 'node:child_process';
import { DocumentConfigError, LIBRARIAN_YML, parseLibrarianYml, type LibrarianConfig } from '../../src/core/documents/config';
import { documentDigest, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_BYTES, MAX_DOCUMENTS_PER_CHANGE } from '../../src/core/documents/payload';
import type { DocumentMapping, ShipDocument } from '../../src/core/documents/types';
import { MAX_CHANGE_BYTES, type ShipChange } from '../../src/core/ship';

export interface ShippedBody {
  change: ShipChange;
  documents: ShipDocument[];
  /** What the JSON request carries: `{ change }`, plus `documents` when there are any. */
  body: string;
  /** Sentences for the CI log: Documents left out and why. */
  notes: string[];
}

function git(cwd: string, args: string[]): Buffer {
  return execFileSync('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function fileAt(cwd: string, rev: string, path: string): Buffer | undefined {
  try {
    return git(cwd, ['cat-file', 'blob', `${rev}:${path}`]);
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function configAt(cwd: string, rev: string): LibrarianConfig | undefined {
  const bytes = fileAt(cwd, rev, LIBRARIAN_YML);
  if (!bytes) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new DocumentConfigError([{ line: 0, message: 'the file is not UTF-8 text' }]);
  }
  return parseLibrarianYml(text);
}

const mappingKey = (m: DocumentMapping): string => JSON.stringify([m.target, m.parentId ?? null]);

/** Paths the change added, modified or renamed to, per git (not bounded by the change's own size limit). */
function changedPaths(cwd: string, base: string, head: string): Set<string> | undefined {
  try {
    const out = git(cwd, ['diff', '--name-only', '-z', '--no-color', '--no-ext-diff', '--find-renames', '--diff-filter=d', base, head, '--']).toString('utf8');
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    return undefined;
  }
}

/** The mapped Documents this change touched: changed files, and mappings that are new or point elsewhere now. */
export function changedDocuments(cwd: string, base: string, head: string): { mappings: DocumentMapping[]; config?: LibrarianConfig } {
  const config = configAt(cwd, head);
  if (!config) return { mappings: [] };
  const paths = changedPaths(cwd, base, head);
  // No diff (a root commit git cannot compare): every mapped Document counts as changed.
  if (!paths) return { mappings: config.documents, config };
  let before: Map<string, string> | undefined;
  if (paths.has(LIBRARIAN_YML)) {
    try {
      before = new Map((configAt(cwd, base)?.documents ?? []).map((m) => [m.path, mappingKey(m)]));
    } catch {
      before = new Map(); // The old file was broken: every mapping is new.
    }
  }
  return { mappings: config.documents.filter((m) => paths.has(m.path) || (before !== undefined && before.get(m.path) !== mappingKey(m))), config };
}

/**
 * The request body for a change and its Documents. When Documents are sent, the change is rebuilt (through
 * `rebuild`) with the bytes the Documents take off its budget, so the whole request stays within the ship
 * endpoint's limit. Throws DocumentConfigError for a librarian.yml that cannot be used.
 */
export function withDocuments(change: ShipChange, options: { cwd: string; rebuild: (maxBytes: number) => ShipChange }): ShippedBody {
  const { mappings } = changedDocuments(options.cwd, change.base, change.head);
  const notes: string[] = [];
  const documents: ShipDocument[] = [];
  const left: string[] = [];
  let bytes = 0;
  for (const m of mappings) {
    const raw = fileAt(options.cwd, change.head, m.path);
    if (!raw) {
      notes.push(`${m.path} (mapped in ${LIBRARIAN_YML} line ${m.line}) is not in ${change.head}; its page is left as it is`);
      continue;
    }
    let markdown: string;
    try {
      markdown = utf8.decode(raw);
    } catch {
      notes.push(`${m.path} is not UTF-8 text; not sent`);
      left.push(m.path);
      continue;
    }
    const document: ShipDocument = { path: m.path, target: m.target, markdown, digest: documentDigest(markdown), ...(m.parentId ? { parentId: m.parentId } : {}) };
    const size = Buffer.byteLength(JSON.stringify(document), 'utf8');
    if (raw.length > MAX_DOCUMENT_BYTES) notes.push(`${m.path} is ${raw.length} bytes; Documents of at most ${MAX_DOCUMENT_BYTES} are synced (split it); not sent`);
    else if (documents.length >= MAX_DOCUMENTS_PER_CHANGE) notes.push(`${m.path} not sent: at most ${MAX_DOCUMENTS_PER_CHANGE} Documents go with one change; ship again for the rest`);
    else if (bytes + size > MAX_DOCUMENTS_BYTES) notes.push(`${m.path} not sent: the Documents of one change take at most ${MAX_DOCUMENTS_BYTES} bytes; ship again for the rest`);
    else {
      documents.push(document);
      bytes += size;
      continue;
    }
    left.push(m.path);
  }
  let shipped = change;
  if (documents.length) {
    const budget = MAX_CHANGE_BYTES - bytes - 200;
    if (Buffer.byteLength(JSON.stringify(shipped), 'utf8') > budget) shipped = options.rebuild(budget);
  }
  if (left.length) shipped = { ...shipped, cut: [...shipped.cut, { what: `Documents not sent (${left.join(', ')})`.slice(0, 200), count: left.length }] };
  const body = JSON.stringify(documents.length ? { change: shipped, documents } : { change: shipped });
  return { change: shipped, documents, body, notes };
}
