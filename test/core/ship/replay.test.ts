import { readGitChange } from '../../../cli/ship/git';
import { findAffected, type ShipChunk } from '../../../src/core/ship';
import { pageDocument } from '../../../src/core/sync';
import { buildShipRepo, type ShipRepo } from '../../fixtures/ship-repo/build';
import { shipPages } from '../../fixtures/ship-repo/pages';

let repo: ShipRepo;
beforeAll(() => {
  repo = buildShipRepo();
});
afterAll(() => repo.remove());

const chunks: ShipChunk[] = shipPages().flatMap((page) => pageDocument(page).chunks.map((c) => ({ ...c, pageId: page.pageId, title: page.title, spaceKey: page.spaceKey, version: page.version })));
const findingsOf = (subject: string) => {
  const commit = repo.commits.find((c) => c.subject === subject);
  if (!commit) throw new Error(`no commit ${subject}`);
  return findAffected(readGitChange({ cwd: repo.dir, head: commit.sha }), chunks);
};

describe('the replayed acme-search history', () => {
  it('has at least 30 commits, some labelled with no section at all', () => {
    expect(repo.commits.length).toBeGreaterThanOrEqual(30);
    expect(repo.commits.filter((c) => c.affects.length === 0).length).toBeGreaterThanOrEqual(10);
  });

  it('a renamed flag: the reindex section gets a renameToken edit with the reason', () => {
    const [finding] = findingsOf('Rename reindex --concurrency to --parallel');
    expect(finding).toMatchObject({ title: 'acme-search CLI reference', section: ['reindex'], edit: { op: 'renameToken', from: '--concurrency', to: '--parallel', occurrences: 2 } });
    expect(finding.reason).toMatch(/^section 'reindex' of 'acme-search CLI reference' names `--concurrency`; it was renamed to `--parallel` in [0-9a-f]{7}$/);
  });

  it('a changed example config: the code block that shows it gets a replaceCode edit', () => {
    const findings = findingsOf('Example config: batch_size 200');
    expect(findings).toEqual([expect.objectContaining({ section: ['Configuration file'], kind: 'code-match', edit: { op: 'replaceCode', before: 'batch_size: 500', code: 'batch_size: 200' } })]);
  });

  it('a removed route is flagged for a person with the sentence', () => {
    const findings = findingsOf('Remove POST /v1/reindex: reindex with the CLI');
    expect(findings.map((f) => [f.section, f.edit])).toEqual([[['Trigger a reindex'], { op: 'flag', sentence: 'POST /v1/reindex with {"space": "ENG", "index": "pages-v7"} starts a reindex and answers 202.' }]]);
  });

  it('refactors, tests, comments and a moved-back flag find nothing', () => {
    for (const subject of ['Refactor: collapseEvents is latestPerPage', 'Tests for readConfig', 'Comment the config defaults', 'skip-offset: drop --json again', 'Refactor server: handlers in functions']) {
      expect(findingsOf(subject)).toEqual([]);
    }
  });
});
