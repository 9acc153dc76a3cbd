import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGitChange } from '../../../cli/ship/git';
import { buildShipChange, MAX_CHANGE_BYTES } from '../../../src/core/ship';

let dir: string;
const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir }).toString('utf8');
function commit(files: Record<string, string | Buffer | null>, subject: string): void {
  for (const [path, content] of Object.entries(files)) {
    if (content === null) git('rm', '-q', path);
    else writeFileSync(join(dir, path), content);
  }
  git('add', '-A');
  git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', subject);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ship-change-'));
  git('init', '-q', '-b', 'main');
  commit(
    {
      'cli.ts': "program\n  .option('--force', 'skip the health check')\n  .option('--region <name>')\n\nexport function deployService(name: string) {\n  return process.env.DEPLOY_TOKEN;\n}\napp.get('/v1/deploys', list);\n",
      'config.yml': 'timeout: 30\nretries: 3\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]),
      'latin1.txt': Buffer.from('caf\xe9\n', 'latin1'),
      'old-name.md': 'Notes\n',
    },
    'Initial',
  );
  commit(
    {
      'cli.ts': "program\n  .option('--region <name>')\n\nexport function rolloutService(name: string) {\n  return process.env.DEPLOY_API_TOKEN;\n}\napp.get('/v2/deploys', list);\n",
      'config.yml': 'timeout_seconds: 30\nretries: 3\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 9, 9, 9]),
      'latin1.txt': Buffer.from('caf\xe8\n', 'latin1'),
      'old-name.md': null,
      'new-name.md': 'Notes\n',
    },
    'Drop --force; rename deployService',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readGitChange / buildShipChange', () => {
  it('reads the last commit: files, hunks, subjects, removed and renamed names', () => {
    const change = readGitChange({ cwd: dir, link: 'https://example.com/c/1' });
    expect(change.subjects).toEqual(['Drop --force; rename deployService']);
    expect(change.link).toBe('https://example.com/c/1');
    const cli = change.files.find((f) => f.path === 'cli.ts');
    expect(cli?.status).toBe('changed');
    expect(cli?.hunks.some((h) => h.oldText.includes("'--force'") && !h.newText.includes('--force'))).toBe(true);
    expect(change.files.find((f) => f.path === 'new-name.md')).toMatchObject({ status: 'renamed', oldPath: 'old-name.md' });
    const names = change.symbols.map((s) => `${s.kind} ${s.name} ${s.change}${s.to ? ` ${s.to}` : ''}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'flag --force removed',
        'identifier deployService renamed rolloutService',
        'env DEPLOY_TOKEN renamed DEPLOY_API_TOKEN',
        'route /v1/deploys renamed /v2/deploys',
        'config timeout renamed timeout_seconds',
        'path old-name.md renamed new-name.md',
      ]),
    );
    // Names still present are not reported.
    expect(names.some((n) => n.includes('--region') || n.includes('retries'))).toBe(false);
  });

  it('skips binary and non-UTF-8 files and names them', () => {
    const change = readGitChange({ cwd: dir });
    expect(change.skipped).toEqual(expect.arrayContaining([{ path: 'logo.png', why: 'binary' }, { path: 'latin1.txt', why: 'not-utf8' }]));
    expect(change.files.map((f) => f.path)).not.toContain('logo.png');
    expect(change.files.map((f) => f.path)).not.toContain('latin1.txt');
  });

  it('reads the root commit against the empty tree', () => {
    const root = git('rev-list', '--max-parents=0', 'HEAD').trim();
    const change = readGitChange({ cwd: dir, head: root });
    expect(change.files.find((f) => f.path === 'cli.ts')?.status).toBe('added');
    expect(change.subjects).toEqual(['Initial']);
  });

  it('refuses a revision that looks like an option, and an unknown base', () => {
    expect(() => readGitChange({ cwd: dir, base: '--output=/tmp/x' })).toThrow(/not a revision/);
    expect(() => readGitChange({ cwd: dir, base: 'no-such-rev' })).toThrow(/not a commit/);
  });

  it('bounds a 50,000-file diff below the payload limit and says what was cut', () => {
    const parts: string[] = [];
    for (let i = 0; i < 50_000; i++) parts.push(`diff --git a/f${i}.ts b/f${i}.ts\nindex 1..2 100644\n--- a/f${i}.ts\n+++ b/f${i}.ts\n@@ -1,1 +1,1 @@\n-export const value${i} = ${i};\n+export const valueNew${i} = ${i};\n`);
    const change = buildShipChange({ diff: parts.join(''), base: 'a', head: 'b' });
    expect(Buffer.byteLength(JSON.stringify(change))).toBeLessThanOrEqual(MAX_CHANGE_BYTES);
    expect(change.cut.map((c) => c.what)).toEqual(expect.arrayContaining(['hunks of files beyond the first 3000', 'hunks of large files', 'files (listed beyond the size limit)']));
    expect(change.files.length).toBeGreaterThan(0);
  });

  it('refuses text that is not a diff', () => {
    expect(() => buildShipChange({ diff: 'hello world', base: 'a', head: 'b' })).toThrow(/not `git diff` output/);
  });
});
