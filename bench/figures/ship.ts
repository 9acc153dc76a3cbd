/**
 * Ship figures, on a replayed history: the demo repository of test/fixtures/ship-repo (a real git history of 32
 * labelled commits after the first) against the demo site's pages plus the pages describing the repository's tool,
 * indexed in a SearchIndex. Each commit's change is read with git (`readGitChange`) and its findings come from the
 * index (`affectedInLibrary`); a finding counts at section level (`Page title#Heading`).
 * - ship_precision / ship_recall: findings that are labelled, over findings / over labels, summed over commits;
 * - ship_page_precision / ship_page_recall: the same with sections folded into their pages;
 * - ship_false_alarms_per_commit: sections found that no label names, per commit.
 * Each is beside a baseline that flags every section naming a changed file (its base name, as pages write them).
 * - ship_ingest_to_proposal_s: in the sandbox (the real handlers in the local Forge host, real clock), from the
 *   signed POST of a demo commit's change to the `librarian-ship` web trigger until its proposal is listed by the
 *   Review resolver (byline dialog), median over the demo commits that rename what the runbook shows; beside the
 *   ingest alone (POST until 202). The issue names no reference for it.
 */
import { readGitChange } from '../../cli/ship/git';
import { startSandbox } from '../../sandbox/start';
import { signShipRequest } from '../../src/core/ship';
import { demoSite } from '../../sandbox/confluence/demo';
import { SearchIndex } from '../../src/core/index';
import { affectedInLibrary } from '../../src/core/ship';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { pageDocument, type StoragePage } from '../../src/core/sync';
import { buildShipRepo } from '../../test/fixtures/ship-repo/build';
import { shipPages } from '../../test/fixtures/ship-repo/pages';
import { percentile, round, type Figure } from '../figure';

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
    ...(await ingestToProposal()),
  ];
}

/** The demo commits whose fix to the runbook is an exact edit (a rename), so each makes a proposal there. */
const TIMED = ['Rename reindex --concurrency to --parallel', 'Rename skip-offset --offset to --at-offset', 'reindex: --dry-run becomes --plan'];
const POLL_MS = 25;

async function ingestToProposal(): Promise<Figure[]> {
  const sandbox = await startSandbox({ dataDir: ':memory:', seed: 'demo', quiet: true });
  const repo = buildShipRepo();
  const total: number[] = [];
  const ingest: number[] = [];
  try {
    await sandbox.host.drain({ timeoutMs: 180_000 });
    const ship = sandbox.ship;
    if (!ship) throw new Error('ship bench: the sandbox minted no CI secret');
    const admin = sandbox.seed.users.find((u) => u.siteAdmin)!.accountId;
    const runbook = sandbox.sim.control.findPage('Runbook: search-indexer consumer lag')!.id;
    const listed = async (name: string): Promise<boolean> => {
      const answer = (await sandbox.host.invokeResolver({ moduleKey: 'librarian-review-byline', functionKey: 'listPageProposals', payload: {}, accountId: admin, extension: { content: { id: runbook, type: 'page' } } })) as {
        proposals?: Array<{ state: string; origin: { kind: string; name?: string } }>;
      };
      return (answer.proposals ?? []).some((p) => p.state === 'pending' && p.origin.kind === 'code-change' && p.origin.name === name);
    };
    for (const subject of TIMED) {
      const commit = repo.commits.find((c) => c.subject === subject)!;
      const body = JSON.stringify({ change: readGitChange({ cwd: repo.dir, head: commit.sha }) });
      const started = performance.now();
      const res = await fetch(ship.url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signShipRequest({ libraryId: ship.libraryId, secret: ship.secret, body }) } });
      ingest.push((performance.now() - started) / 1000);
      if (res.status !== 202) throw new Error(`ship bench: the web trigger answered ${res.status} for "${subject}"`);
      const deadline = started + 120_000;
      while (!(await listed(commit.sha.slice(0, 7)))) {
        if (performance.now() > deadline) throw new Error(`ship bench: no proposal for "${subject}" within 120 s`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      total.push((performance.now() - started) / 1000);
    }
  } finally {
    repo.remove();
    await sandbox.close();
  }
  const note = `${TIMED.length} demo commits to the runbook, sandbox host, real clock; max ${round(Math.max(...total), 3)} s; Review polled every ${POLL_MS} ms`;
  return [{ figure: 'ship_ingest_to_proposal_s', value: round(percentile(total, 50), 3), unit: 's', vs: { name: 'ingest alone (signed POST until 202)', value: round(percentile(ingest, 50), 3) }, note }];
}
