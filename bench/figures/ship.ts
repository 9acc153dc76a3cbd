/**
 * Ship figures, on a replayed history: the demo repository of test/fixtures/ship-repo (a real git history of 32
 * labelled commits after the first) against the demo site's pages plus the pages describing the repository's tool,
 * indexed in a SearchIndex. Each commit's change is read with git (`readGitChange`) and its findings come from the
 * index (`affectedInLibrary`); a finding counts at section level (`Page title#Heading`).
 * - ship_precision / ship_recall: findings that are labelled, over findings / over labels, summed over commits;
 * - ship_page_precision / ship_page_recall: the same with sections folded into their pages;
 * - ship_false_alarms_per_commit: sections found that no label names, per commit.
 * Each is beside a baseline that flags every section naming a changed file (its base name, as pages write them).
 */
import { readGitChange } from '../../cli/ship/git';
import { demoSite } from '../../sandbox/confluence/demo';
import { SearchIndex } from '../../src/core/index';
import { affectedInLibrary } from '../../src/core/ship';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { pageDocument, type StoragePage } from '../../src/core/sync';
import { buildShipRepo } from '../../test/fixtures/ship-repo/build';
import { shipPages } from '../../test/fixtures/ship-repo/pages';
import { round, type Figure } from '../figure';

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

function score(found: Set<string>, expected: Set<string>, into: Score): void {
  for (const f of found) if (expected.has(f)) into.tp += 1; else into.fp += 1;
  for (const e of expected) if (!found.has(e)) into.fn += 1;
}

const pageOf = (key: string): string => key.slice(0, key.lastIndexOf('#'));
const pagesOf = (keys: Set<string>): Set<string> => new Set([...keys].map(pageOf));
const precision = (s: Score): number => (s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1);
const recall = (s: Score): number => (s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1);

export default async function shipFigures(): Promise<Figure[]> {
  const pages: StoragePage[] = [
    ...demoSite()
      .pages.filter((p) => (p.status ?? 'current') === 'current')
      .map((p, i) => ({ pageId: String(1000 + i), version: p.versions ?? 1, spaceKey: p.spaceKey, title: p.title, url: `https://acme.atlassian.net/wiki/spaces/${p.spaceKey}/pages/${1000 + i}`, body: p.body })),
    ...shipPages(),
  ];
  const index = new SearchIndex(new MemoryKeyValueStore());
  const sections: Array<{ key: string; text: string }> = [];
  for (const page of pages) {
    const document = pageDocument(page);
    await index.indexPage(document);
    for (const c of document.chunks) sections.push({ key: `${page.title}#${c.headingPath[c.headingPath.length - 1] ?? ''}`, text: c.text });
  }
  await index.mergeAll();
  const spaceKeys = [...new Set(pages.map((p) => p.spaceKey))];

  const repo = buildShipRepo();
  const method: Score = { tp: 0, fp: 0, fn: 0 };
  const base: Score = { tp: 0, fp: 0, fn: 0 };
  const methodPages: Score = { tp: 0, fp: 0, fn: 0 };
  const basePages: Score = { tp: 0, fp: 0, fn: 0 };
  const misses: string[] = [];
  try {
    for (const commit of repo.commits) {
      const change = readGitChange({ cwd: repo.dir, head: commit.sha });
      const findings = await affectedInLibrary(index, change, { spaceKeys });
      const found = new Set(findings.map((f) => `${f.title}#${f.section[f.section.length - 1] ?? ''}`));
      const expected = new Set(commit.affects);
      score(found, expected, method);
      score(pagesOf(found), pagesOf(expected), methodPages);
      for (const f of found) if (!expected.has(f)) misses.push(`false alarm: ${commit.subject} -> ${f}`);
      for (const e of expected) if (!found.has(e)) misses.push(`missed: ${commit.subject} -> ${e}`);
      const names = change.files.flatMap((f) => [f.path, ...(f.oldPath ? [f.oldPath] : [])]).map((p) => p.split('/').pop() as string);
      const flagged = new Set(sections.filter((s) => names.some((n) => s.text.includes(n))).map((s) => s.key));
      score(flagged, expected, base);
      score(pagesOf(flagged), pagesOf(expected), basePages);
    }
  } finally {
    repo.remove();
  }
  if (process.env.BENCH_SHIP_VERBOSE === '1') for (const m of misses) console.log(`  ${m}`);
  const commits = repo.commits.length;
  const note = `${commits} commits, ${pages.length} pages, ${method.tp + method.fn} labelled sections`;
  return [
    { figure: 'ship_precision', value: round(precision(method), 3), unit: 'ratio', vs: { name: 'pages naming a changed file', value: round(precision(base), 3) }, note: `section level; ${note}` },
    { figure: 'ship_recall', value: round(recall(method), 3), unit: 'ratio', vs: { name: 'pages naming a changed file', value: round(recall(base), 3) }, note: `section level; ${note}` },
    { figure: 'ship_page_precision', value: round(precision(methodPages), 3), unit: 'ratio', vs: { name: 'pages naming a changed file', value: round(precision(basePages), 3) }, note: `page level; ${note}` },
    { figure: 'ship_page_recall', value: round(recall(methodPages), 3), unit: 'ratio', vs: { name: 'pages naming a changed file', value: round(recall(basePages), 3) }, note: `page level; ${note}` },
    { figure: 'ship_false_alarms_per_commit', value: round(method.fp / commits, 3), unit: 'sections', vs: { name: 'pages naming a changed file', value: round(base.fp / commits, 3) }, note: `section level; ${note}` },
  ];
}
