/**
 * The SciFact retrieval benchmark as a Confluence site: one knowledge-base space "SCIFACT", one page per
 * corpus document (title = document title, body = the abstract in one `<p>`), page ref `scifact-<_id>`.
 * With `scifactJudgments` the eval can score what the app's search returns against the published qrels.
 *
 * Confluence rules the corpus breaks are fixed the way a migration into Confluence would fix them: titles are
 * trimmed and cut to 255 characters at a word boundary (4 documents), and a repeated title gets " (2)", " (3)"
 * (the title "Summary" occurs three times).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import type { SeedPage, SiteSeed } from '../seed-types';
import { escapeText } from './storage';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DEFAULT_SCIFACT_DIR = path.resolve(REPO_ROOT, '../shared/eval/scifact');
export const SCIFACT_SPACE = 'SCIFACT';
const MAX_TITLE = 255;

export const scifactRef = (docId: string): string => `scifact-${docId}`;
/** The corpus `_id` of a page ref, or null if the ref is not a SciFact page. */
export const scifactDocId = (ref: string): string | null => (ref.startsWith('scifact-') ? ref.slice('scifact-'.length) : null);

/** Reads a file line by line in 1 MiB chunks, so the whole file is never one string. */
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

function* jsonl<T>(file: string): Generator<T> {
  for (const line of readLines(file)) if (line.trim()) yield JSON.parse(line) as T;
}

function confluenceTitle(raw: string): string {
  const t = raw.trim().replace(/\s+/g, ' ');
  if (t.length <= MAX_TITLE) return t;
  const cut = t.slice(0, MAX_TITLE);
  const space = cut.lastIndexOf(' ');
  return space > MAX_TITLE / 2 ? cut.slice(0, space) : cut;
}

/** Streams the corpus as pages. */
export function* scifactPages(dir: string = DEFAULT_SCIFACT_DIR): Generator<SeedPage> {
  const seen = new Map<string, number>();
  let n = 0;
  for (const d of jsonl<{ _id: string; title: string; text: string }>(path.join(dir, 'corpus.jsonl'))) {
    let title = confluenceTitle(d.title || `Document ${d._id}`);
    const count = (seen.get(title) ?? 0) + 1;
    seen.set(title, count);
    if (count > 1) title = `${title.slice(0, MAX_TITLE - 5)} (${count})`;
    const created = Date.parse('2025-06-01T00:00:00Z') + n++ * 60_000;
    yield {
      ref: scifactRef(d._id),
      spaceKey: SCIFACT_SPACE,
      title,
      authorAccountId: SCIFACT_AUTHOR,
      createdAt: new Date(created).toISOString(),
      body: `<p>${escapeText(d.text)}</p>`,
    };
  }
}

const SCIFACT_AUTHOR = 'scifact-importer';

/** The whole SciFact site (5,183 pages). */
export function scifactSite(dir: string = DEFAULT_SCIFACT_DIR): SiteSeed {
  return {
    site: { name: 'SciFact', timeZone: 'UTC' },
    users: [
      { accountId: SCIFACT_AUTHOR, email: 'importer@example.com', displayName: 'SciFact Importer', apiToken: 'importer-token', groups: ['confluence-users'] },
      { accountId: 'scifact-admin', email: 'admin@example.com', displayName: 'Ada Admin', apiToken: 'admin-token', siteAdmin: true, groups: ['confluence-users'] },
      { accountId: 'scifact-member', email: 'member@example.com', displayName: 'Max Member', apiToken: 'member-token', groups: ['confluence-users'] },
    ],
    groups: [{ name: 'confluence-users' }],
    spaces: [
      {
        key: SCIFACT_SPACE,
        name: 'SciFact abstracts',
        type: 'knowledge_base',
        description: 'Scientific abstracts from the SciFact benchmark (ODC-By 1.0).',
        permissions: [
          { principal: { type: 'app' }, operations: ['read'] },
          { principal: { type: 'group', name: 'confluence-users' }, operations: ['read'] },
        ],
      },
    ],
    pages: Array.from(scifactPages(dir)),
  };
}

export interface ScifactQuery {
  id: string;
  text: string;
  /** Relevant page refs and their graded relevance. */
  relevant: Map<string, number>;
}

/** The queries of a split that have judgments, with their relevant pages. */
export function scifactJudgments(split: 'train' | 'test', dir: string = DEFAULT_SCIFACT_DIR): ScifactQuery[] {
  const relevant = new Map<string, Map<string, number>>();
  let header = true;
  for (const line of readLines(path.join(dir, 'qrels', `${split}.tsv`))) {
    if (header) {
      header = false;
      continue;
    }
    const [q, docId, score] = line.split('\t');
    if (!q || !docId) continue;
    if (!relevant.has(q)) relevant.set(q, new Map());
    relevant.get(q)!.set(scifactRef(docId), Number(score));
  }
  const out: ScifactQuery[] = [];
  for (const q of jsonl<{ _id: string; text: string }>(path.join(dir, 'queries.jsonl'))) {
    const rel = relevant.get(q._id);
    if (rel) out.push({ id: q._id, text: q.text, relevant: rel });
  }
  return out;
}
