/**
 * `librarian ship` with Documents: a real git repository with a librarian.yml; the command's signed request goes
 * through the real ship web trigger logic (acceptShip) into a queue.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shipCommand, type ShipIo } from '../../../cli/ship/command';
import type { DocumentJob } from '../../../src/core/documents/job';
import { documentDigest, MAX_DOCUMENT_BYTES } from '../../../src/core/documents/payload';
import type { ShipDocument } from '../../../src/core/documents/types';
import { acceptShip, CiSecrets, type ShipChange, type ShipJob } from '../../../src/core/ship';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { MemorySecrets } from '../../../sandbox/forge/kvs/memory-secrets';


let dir: string;
const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: dir }).toString('utf8').trim();
const commit = (message: string, files: Record<string, string>): void => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git('add', '-A');
  git('commit', '-q', '-m', message);
};

const YML = 'parent: 98765\ndocuments:\n  docs/deploy.md: 123456\n  docs/runbook.md: { title: Runbook, space: SRE }\n';
const DEPLOY = '# Deploy\n\n## Install\n\nRun `npm ci`.\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ship-docs-'));
  git('init', '-q', '-b', 'main');
  commit('start', { 'librarian.yml': YML, 'docs/deploy.md': DEPLOY, 'docs/runbook.md': '# Runbook\n', 'src/cli.ts': "program.option('--force')\n" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ship(args: string[] = []) {
  const store = new MemoryKeyValueStore();
  const secrets = new CiSecrets(new MemorySecrets());
  const secret = await secrets.rotate('lib1');
  const queued: Array<ShipJob | DocumentJob> = [];
  const answers: number[] = [];
  const out: string[] = [];
  const errors: string[] = [];
  let code: number | undefined;
  const io: ShipIo = {
    out: (l) => void out.push(l),
    err: (l) => void errors.push(l),
    env: { LIBRARIAN_CI_SECRET: secret, LIBRARIAN_SHIP_URL: 'https://example.com/x1/ship', LIBRARIAN_LIBRARY: 'lib1' },
    cwd: dir,
    exit: (c) => void (code = c),
    fetch: (async (_url: string, init: { body: string; headers: Record<string, string> }) => {
      const response = await acceptShip({ headers: init.headers, body: init.body }, { store, secrets, queue: { push: async (events) => (queued.push(...events), 'job') }, now: Date.now() });
      answers.push(response.statusCode);
      return { status: response.statusCode } as Response;
    }) as unknown as typeof fetch,
  };
  await shipCommand(io).parseAsync(['node', 'ship', ...args]);
  return { code, out, errors, answers, queued, documents: queued.filter((j): j is DocumentJob => j.type === 'document'), change: (queued.find((j) => j.type === 'ship') as ShipJob | undefined)?.change };
}

test('a commit that changes a mapped Document sends its full Markdown beside the change; the trigger queues one job per Document', async () => {
  const next = `${DEPLOY}\n## Rollback\n\nRevert the tag.\n`;
  commit('Docs: rollback', { 'docs/deploy.md': next, 'src/cli.ts': "program.option('--yes')\n" });
  const result = await ship();
  expect([result.code, result.answers]).toEqual([0, [202]]);
  expect(result.out[0]).toMatch(/: 2 files, 1 names, 1 commits, 1 Documents$/);
  expect(result.change?.files.map((f) => f.path).sort()).toEqual(['docs/deploy.md', 'src/cli.ts']);
  expect(result.documents).toEqual([
    {
      type: 'document',
      libraryId: 'lib1',
      document: { path: 'docs/deploy.md', target: { pageId: '123456' }, parentId: '98765', markdown: next, digest: documentDigest(next) } satisfies ShipDocument,
      commit: { head: result.change!.head, subjects: ['Docs: rollback'] },
    },
  ]);
});

test('a commit that touches no Document sends none; a changed mapping sends its Document even when the file did not change', async () => {
  commit('Code only', { 'src/cli.ts': "program.option('--yes').option('--dry-run')\n" });
  const codeOnly = await ship();
  expect(codeOnly.code).toBe(0);
  expect(codeOnly.documents).toEqual([]);
  expect(codeOnly.queued).toHaveLength(1);

  commit('Move the runbook', { 'librarian.yml': YML.replace('space: SRE', 'space: OPS') });
  const moved = await ship();
  expect(moved.documents.map((d) => [d.document.path, d.document.target])).toEqual([['docs/runbook.md', { title: 'Runbook', spaceKey: 'OPS' }]]);
});

test('a Document over the size limit is not sent, and the change says so; the rest still goes', async () => {
  const huge = `# Big\n\n${'word '.repeat(MAX_DOCUMENT_BYTES / 5 + 10)}\n`;
  commit('Huge docs', { 'docs/deploy.md': huge, 'docs/runbook.md': '# Runbook\n\nStep one.\n' });
  const result = await ship();
  expect(result.code).toBe(0);
  expect(result.documents.map((d) => d.document.path)).toEqual(['docs/runbook.md']);
  expect(result.errors).toEqual([`ship: docs/deploy.md is ${Buffer.byteLength(huge)} bytes; Documents of at most ${MAX_DOCUMENT_BYTES} are synced (split it); not sent`]);
  expect((result.change as ShipChange).cut).toContainEqual({ what: 'Documents not sent (docs/deploy.md)', count: 1 });
});

test('a librarian.yml that cannot be used stops the ship with its lines, and sends nothing', async () => {
  commit('Break the mapping', { 'librarian.yml': 'documents:\n  ../escape.md: 1\n  docs/a.md: { page: 2, title: T }\nextra: 1\n', 'docs/deploy.md': DEPLOY });
  const result = await ship();
  expect(result.code).toBe(2);
  expect(result.answers).toEqual([]);
  expect(result.errors).toEqual([
    'ship: librarian.yml: line 2: "../escape.md" leaves the repository (".."); line 3: "docs/a.md": give a page id or a title, not both; line 4: unknown key "extra" (known: version, parent, space, documents)',
  ]);
});
