import { SearchIndex } from '../../../src/core/index';
import { affectedInLibrary, findAffected, programsOf, type ShipChange, type ShipChunk } from '../../../src/core/ship';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';

const chunk = (pageId: string, heading: string, text: string, spaceKey = 'ENG'): ShipChunk => ({
  pageId, title: `Page ${pageId}`, spaceKey, headingPath: heading ? [heading] : [], url: `https://x/${pageId}#${heading}`, version: 3, text,
});

const change: ShipChange = {
  base: '9f1e2d3', head: 'a1b2c3d4e5', subjects: ['Drop --force'], files: [
    { status: 'changed', path: 'src/cli.ts', hunks: [{ oldStart: 4, oldText: "  .option('--force', 'skip checks')", newText: '' }] },
    { status: 'changed', path: 'examples/deploy.sh', hunks: [{ oldStart: 1, oldText: 'deploy --env staging --wait 300\ndeploy --env prod --wait 600', newText: 'deploy --env staging --timeout 300\ndeploy --env prod --timeout 600' }] },
  ],
  symbols: [
    { kind: 'flag', name: '--force', change: 'removed', file: 'src/cli.ts' },
    { kind: 'config', name: 'timeout', change: 'renamed', to: 'timeout_seconds', file: 'deploy.yml' },
    { kind: 'identifier', name: 'startDeploy', change: 'renamed', to: 'beginDeploy', file: 'src/api.ts' },
    { kind: 'path', name: 'docs/old.md', change: 'renamed', to: 'docs/new.md', file: 'docs/new.md' },
  ],
  skipped: [], cut: [],
};

describe('findAffected', () => {
  it('finds removed flags, renamed keys and identifiers, old code and renamed files, each with a reason and an edit', () => {
    const findings = findAffected(change, [
      chunk('1', 'Rollback', 'If the check hangs, run deploy --force to skip it. Then watch the dashboard.'),
      chunk('2', 'Config', 'Set timeout: 30 in deploy.yml.'),
      chunk('3', 'Scripts', 'Run the script: deploy --env staging --wait 300 deploy --env prod --wait 600'),
      chunk('4', 'API', 'Call startDeploy(service) from your job.'),
      chunk('5', '', 'See old.md for the history.'),
    ]);
    const byPage = new Map(findings.map((f) => [f.pageId, f]));
    expect(byPage.get('1')).toMatchObject({ kind: 'names-symbol', section: ['Rollback'], edit: { op: 'flag', sentence: 'If the check hangs, run deploy --force to skip it.' } });
    expect(byPage.get('1')?.reason).toBe("section 'Rollback' of 'Page 1' names `--force`; `--force` was removed from src/cli.ts in a1b2c3d");
    expect(byPage.get('2')?.edit).toEqual({ op: 'renameToken', from: 'timeout', to: 'timeout_seconds', occurrences: 1 });
    expect(byPage.get('3')).toMatchObject({ kind: 'code-match', edit: { op: 'replaceCode', code: 'deploy --env staging --timeout 300\ndeploy --env prod --timeout 600' } });
    expect(byPage.get('4')?.edit).toEqual({ op: 'renameToken', from: 'startDeploy', to: 'beginDeploy', occurrences: 1 });
    expect(byPage.get('5')).toMatchObject({ kind: 'names-file', edit: { op: 'renameToken', from: 'old.md', to: 'new.md' } });
  });

  it('reports nothing for prose that merely uses a common word, a longer flag, or another file', () => {
    const findings = findAffected(change, [
      chunk('6', 'Limits', 'The request has a timeout of 30 seconds; deploy --force-new-keys is for disaster recovery.'),
      chunk('7', 'Other', 'See cli.ts and older.md; startDeployment is a different function.'),
    ]);
    expect(findings).toEqual([]);
  });

  it("with the repository's programs known, counts a flag only in sections that name one of them", () => {
    const withPrograms = { ...change, programs: ['deploy'] };
    const findings = findAffected(withPrograms, [
      chunk('9', 'Rollback', 'Run deploy --force to skip the health check.'),
      chunk('10', 'Billing', 'acme-cli billing rerun --force charges customers twice.'),
    ]);
    expect(findings.map((f) => f.pageId)).toEqual(['9']);
  });

  it('reads the programs a package.json declares', () => {
    expect(programsOf('{"name":"@acme/search","bin":{"acme-search":"dist/cli.js"}}')).toEqual(['acme-search']);
    expect(programsOf('{"name":"@acme/search","bin":"dist/cli.js"}')).toEqual(['search']);
    expect(programsOf('{"name":"lib"}')).toEqual([]);
    expect(programsOf('not json')).toEqual([]);
  });

  it('matches a code sample fuzzily (a token changed on the page) and reports one finding per section', () => {
    const findings = findAffected(change, [
      chunk('8', 'Scripts', 'deploy --env staging --wait 300 && deploy --env prod --wait 900'),
      chunk('8', 'Scripts', 'deploy --env staging --wait 300 && deploy --env prod --wait 900 (overlap window)'),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0].kind).toBe('code-match');
  });
});

describe('affectedInLibrary', () => {
  it('reads candidates through the index and keeps only pages of the Library spaces', async () => {
    const index = new SearchIndex(new MemoryKeyValueStore());
    for (const [pageId, spaceKey] of [['1', 'ENG'], ['2', 'HR']] as const) {
      await index.indexPage({ pageId, version: 1, spaceKey, title: `Deploys ${pageId}`, url: `/p/${pageId}`, chunks: [{ headingPath: ['Rollback'], url: `/p/${pageId}#Rollback`, text: 'Run deploy --force to skip the health check.' }] });
    }
    await index.mergeAll();
    const findings = await affectedInLibrary(index, change, { spaceKeys: ['ENG'] });
    expect(findings.map((f) => [f.pageId, f.kind])).toEqual([['1', 'names-symbol']]);
  });
});
