import { code, doc, h2, mono, p } from '../../../sandbox/confluence/demo/storage';
import { planEdits } from '../../../src/core/review';
import type { ShipFinding, ShipSuggestedEdit } from '../../../src/core/ship';
import { changeLabel, isDistinctiveName, planShipEdits, replaceRegion, shipProposal } from '../../../src/core/ship/to-proposals';
import { parseStorage, splice } from '../../../src/core/storage';

const finding = (edit: ShipSuggestedEdit, section = 'reindex'): ShipFinding => ({
  pageId: '42', title: 'CLI', spaceKey: 'ENG', section: [section], url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/42', version: 3,
  kind: edit.op === 'replaceCode' ? 'code-match' : 'names-symbol', reason: `section '${section}' of 'CLI' names it`, edit,
});

const BODY = doc(
  h2('reindex'),
  p(mono('--concurrency'), ' sets how many bulk requests run at once; keep the timeout short.'),
  code('bash', 'acme-search reindex --space ENG --dry-run\n  acme-search reindex --space ENG --concurrency 4'),
  h2('config'),
  code('yaml', 'batch_size: 500\nlag_alert_threshold: 50000\n'),
  p('Other text with a <ac:inline-comment-marker ac:ref="c1">comment</ac:inline-comment-marker>.'),
);

/** Applies a plan's operations with Review's own planner, to see exactly which bytes change. */
function applied(body: string, operations: ReturnType<typeof planShipEdits>['edits']): string {
  const d = parseStorage(body);
  const plan = planEdits(d, operations.map((e) => e.operation));
  expect(plan.problems).toEqual([]);
  return splice(d.source, plan.edits);
}

describe('planShipEdits', () => {
  it('renames a flag in the text runs and inline code (renameToken) and in the code block that shows it (replaceCode), nothing else', () => {
    const plan = planShipEdits(parseStorage(BODY), [finding({ op: 'renameToken', from: '--concurrency', to: '--parallel', occurrences: 2 })]);
    expect(plan.forPerson).toEqual([]);
    expect(plan.edits.map((e) => e.operation.op).sort()).toEqual(['renameToken', 'replaceCode']);
    const after = applied(BODY, plan.edits);
    expect(after).toBe(BODY.replace('<code>--concurrency</code>', '<code>--parallel</code>').replace('--space ENG --concurrency 4', '--space ENG --parallel 4'));
  });

  it('replaces the old lines of a changed region in the code block holding them, keeping the page indentation; one operation per block', () => {
    const plan = planShipEdits(parseStorage(BODY), [
      finding({ op: 'replaceCode', before: 'acme-search reindex --space ENG --concurrency 4\n', code: 'acme-search reindex --space ENG --parallel 4\n' }),
      finding({ op: 'renameToken', from: '--dry-run', to: '--plan', occurrences: 1 }),
      finding({ op: 'replaceCode', before: 'batch_size: 500', code: 'batch_size: 200' }, 'config'),
    ]);
    expect(plan.forPerson).toEqual([]);
    expect(plan.edits).toHaveLength(2);
    expect(plan.edits[0]!.findings).toHaveLength(2);
    const after = applied(BODY, plan.edits);
    expect(after).toBe(BODY.replace('--space ENG --dry-run\n  acme-search reindex --space ENG --concurrency 4', '--space ENG --plan\n  acme-search reindex --space ENG --parallel 4').replace('batch_size: 500', 'batch_size: 200'));
  });

  it('lists for a person, with the sentence and why, what no exact edit answers: flags, partial code, common words', () => {
    const plan = planShipEdits(parseStorage(BODY), [
      finding({ op: 'flag', sentence: 'keep the timeout short.' }),
      finding({ op: 'replaceCode', before: 'acme-search reindex --space ENG --concurrency 8', code: 'x' }),
      finding({ op: 'renameToken', from: 'timeout', to: 'deadline', occurrences: 1 }),
      finding({ op: 'renameToken', from: '--gone', to: '--new', occurrences: 1 }),
    ]);
    expect(plan.edits).toEqual([]);
    expect(plan.forPerson.map((f) => [f.sentence, f.why.split(':')[0]])).toEqual([
      ['acme-search reindex --space ENG --concurrency 8', 'the page shows these lines only in part'],
      ['keep the timeout short.', 'no exact edit follows from the change'],
      ['timeout', '`timeout` is a common word, so it is not renamed everywhere'],
      ['--gone', "`--gone` is no longer in the page's text as one token (it may be split by formatting)"],
    ]);
    expect(plan.forPerson[0]).toMatchObject({ pageId: '42', title: 'CLI', section: ['reindex'], url: expect.stringContaining('/pages/42') });
  });
});

test('replaceRegion needs the old lines once, in a row', () => {
  expect(replaceRegion('a\n    b: 1\n    c: 2\nd', '  b: 1\n  c: 2', '  b: 1\n  e: 3')).toBe('a\n    b: 1\n    e: 3\nd');
  expect(replaceRegion('b: 1\nb: 1', 'b: 1', 'b: 2')).toBeUndefined();
  expect(replaceRegion('b: 1\nx\nc: 2', 'b: 1\nc: 2', '')).toBeUndefined();
});

test('distinctive names are renamed page-wide, common words are not', () => {
  expect(['--force', 'ACME_SEARCH_KAFKA', 'lag_alert_threshold', 'loadConfig', '/v1/lag', 'src/server.ts', 'pages-v7']).toEqual(
    ['--force', 'ACME_SEARCH_KAFKA', 'lag_alert_threshold', 'loadConfig', '/v1/lag', 'src/server.ts', 'pages-v7'].filter(isDistinctiveName),
  );
  expect(['timeout', 'deploy', 'Status'].filter(isDistinctiveName)).toEqual([]);
});

test('a ship proposal: origin code change, the reason with the commit and its link, the finding version, not model-written, a stable id', () => {
  const change = { base: 'a'.repeat(40), head: 'b1c2d3e4'.padEnd(40, '0'), subjects: ['Rename --concurrency'], link: 'https://github.com/acme/search/pull/42', files: [], symbols: [], skipped: [], cut: [] };
  const [edit] = planShipEdits(parseStorage(BODY), [finding({ op: 'renameToken', from: '--dry-run', to: '--plan', occurrences: 1 })]).edits;
  const input = { libraryId: 'lib1', change, page: { id: '42', title: 'CLI', spaceKey: 'ENG', spaceId: '7', version: 3 }, edit: edit!, now: 5 };
  const proposal = shipProposal(input);
  expect(proposal).toMatchObject({
    pageId: '42', baseVersion: 3, state: 'pending', modelWritten: false,
    origin: { kind: 'code-change', name: 'acme/search#42' },
    reason: { text: "section 'reindex' of 'CLI' names it. Shipped in acme/search#42: \"Rename --concurrency\".", links: [{ kind: 'pr', url: 'https://github.com/acme/search/pull/42' }] },
  });
  expect(proposal.id).toMatch(/^[a-f0-9]{16}$/);
  expect(shipProposal({ ...input, now: 9 }).id).toBe(proposal.id);
  expect(changeLabel({ head: 'b1c2d3e4f5', link: 'https://github.com/acme/search/commit/b1c2d3e4f5' })).toBe('b1c2d3e');
});
