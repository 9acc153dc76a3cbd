/**
 * The SciFact retrieval benchmark as a Confluence site: one knowledge-base space "SCIFACT", one page per
 * corpus document (title = document title, body = the abstract in one `<p>`), page ref `scifact-<_id>`.
 * With `scifactJudgments` the eval can score what the app's search returns against the published qrels.
 *
 * Confluence rules the corpus breaks are fixed the way a migration into Confluence would fix them: titles are
 * trimmed and cut to 255 characters at a word boundary (4 documents), and a repeated title gets " (2)", " (3)"
 * (the title "Summary" occurs three times).
 */
import { scifactDir, scifactQrels, scifactRecords } from '../../../vendor/scifact/load';
import type { SeedPage, SiteSeed } from '../seed-types';
import { escapeText } from './storage';

export { readLines } from '../../../vendor/scifact/load';

/** The vendored copy (vendor/scifact) unless SCIFACT_DIR or LIBRARIAN_SHARED_DIR points elsewhere. */
export const DEFAULT_SCIFACT_DIR = scifactDir();
export const SCIFACT_SPACE = 'SCIFACT';
const MAX_TITLE = 255;

export const scifactRef = (docId: string): string => `scifact-${docId}`;
/** The corpus `_id` of a page ref, or null if the ref is not a SciFact page. */
export const scifactDocId = (ref: string): string | null => (ref.startsWith('scifact-') ? ref.slice('scifact-'.length) : null);

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
  for (const d of scifactRecords<{ _id: string; title: string; text: string }>('corpus.jsonl', dir)) {
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
  for (const [q, docs] of scifactQrels(split, dir)) relevant.set(q, new Map([...docs].map(([docId, score]) => [scifactRef(docId), score])));
  const out: ScifactQuery[] = [];
  for (const q of scifactRecords<{ _id: string; text: string }>('queries.jsonl', dir)) {
    const rel = relevant.get(q._id);
    if (rel) out.push({ id: q._id, text: q.text, relevant: rel });
  }
  return out;
}
