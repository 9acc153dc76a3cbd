/**
 * The `librarian` CLI run as a subprocess (its real bin) against the sandbox's agent endpoint, and its stdio MCP
 * bridge driven by the real MCP SDK client over stdio.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const BIN = join(__dirname, '..', '..', 'cli', 'librarian.js');
const clock = new SteppedClock('2026-03-01T09:00:00Z');
let sb: Sandbox;
let home = '';

function env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, LIBRARIAN_CONFIG: join(home, 'config.json'), NO_COLOR: undefined };
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete base[k];
  return { ...base, ...extra };
}

function run(args: string[], extra: Record<string, string | undefined> = {}, cwd = home, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: env(extra), cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'librarian-cli-'));
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
}, 90_000);

afterAll(async () => {
  await sb?.close();
});

it('login checks the token, saves it readable only by the user and never prints it', async () => {
  const result = await run(['login'], { LIBRARIAN_URL: sb.urls.agents, LIBRARIAN_TOKEN: sb.agentToken! });
  expect(result.code).toBe(0);
  expect(result.stdout + result.stderr).not.toContain(sb.agentToken!);
  expect(result.stdout).toMatch(/Logged in/);
  const path = join(home, 'config.json');
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ url: sb.urls.agents, token: sb.agentToken });
}, 60_000);

it('libraries, search, ask and page answer from the saved login, as JSON and as plain text', async () => {
  const libraries = await run(['libraries', '--json']);
  expect(libraries.code).toBe(0);
  expect(JSON.parse(libraries.stdout).libraries).toHaveLength(1);

  const search = await run(['search', 'deploy', 'rollback', '--limit', '3', '--json']);
  expect(search.code).toBe(0);
  const found = JSON.parse(search.stdout);
  expect(found.ok).toBe(true);
  expect(found.results.length).toBeGreaterThan(0);
  expect(found.results.length).toBeLessThanOrEqual(3);

  const text = await run(['search', 'deploy']);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain(found.results[0].title);
  // Not a terminal: no colour codes.
  expect(text.stdout).not.toContain(String.fromCharCode(27));

  const page = await run(['page', found.results[0].url]);
  expect(page.code).toBe(0);
  expect(page.stdout.startsWith(`# ${found.results[0].title}`)).toBe(true);

  const ask = await run(['ask', 'How', 'do', 'we', 'roll', 'back?', '--json']);
  expect(ask.code).toBe(0);
  expect(JSON.parse(ask.stdout).answer.question).toBe('How do we roll back?');
}, 120_000);

it('exit codes: usage, auth, not found', async () => {
  expect((await run(['page', 'not-a-page', '--json'])).code).toBe(2);
  expect((await run(['search', 'x', '--limit', '99'])).code).toBe(2);
  expect((await run(['frobnicate'])).code).toBe(2);
  const missing = await run(['page', '987654321', '--json']);
  expect(missing.code).toBe(4);
  expect(JSON.parse(missing.stdout).error.code).toBe('NOT_FOUND');
  const noToken = await run(['libraries', '--json'], { LIBRARIAN_CONFIG: join(home, 'nothing.json') });
  expect(noToken.code).toBe(3);
  const bad = await run(['libraries'], { LIBRARIAN_TOKEN: 'lbr_00000000_0000000000000000_' + '0'.repeat(64) });
  expect(bad.code).toBe(3);
  expect(bad.stderr).toMatch(/another Librarian installation/);
  const down = await run(['libraries'], { LIBRARIAN_URL: 'http://127.0.0.1:9/public/x' });
  expect(down.code).toBe(5);
}, 120_000);

it('propose records a proposal for Review from a file or stdin, never writes the page, and refuses bad input', async () => {
  const hit = JSON.parse((await run(['search', 'deploy', 'rollback', '--limit', '1', '--json'])).stdout).results[0];
  const page = JSON.parse((await run(['page', hit.pageId, '--json'])).stdout);
  const heading = page.sections[0].heading as string;
  const before = sb.sim.control.page(hit.pageId)!;
  const file = join(home, 'new.md');
  writeFileSync(file, 'Run `make ship` <script>alert(1)</script>.\n');

  const made = await run(['propose', hit.url, '--section', heading, '--markdown-file', file, '--reason', 'The ship script replaced the steps', '--link', 'https://github.com/acme/api/pull/9', '--json']);
  expect(made.code).toBe(0);
  const answer = JSON.parse(made.stdout);
  expect(answer).toEqual(expect.objectContaining({ ok: true, state: 'pending', reviewUrl: page.page.url }));
  expect(answer.proposalId).toMatch(/^[0-9a-f]{16}$/);

  const text = await run(['propose', hit.pageId, '--section', heading, '--markdown-file', '-', '--reason', 'Shorter'], {}, home, 'Run `make ship`.\n');
  expect(text.code).toBe(0);
  expect(text.stdout).toContain(`Review it at ${page.page.url}`);
  expect(text.stdout).toContain(`It supersedes ${answer.proposalId}`);
  const after = sb.sim.control.page(hit.pageId)!;
  expect({ version: after.version, body: after.body }).toEqual({ version: before.version, body: before.body });

  const big = join(home, 'big.md');
  writeFileSync(big, 'x'.repeat(2 * 1024 * 1024));
  const tooBig = await run(['propose', hit.pageId, '--section', heading, '--markdown-file', big, '--reason', 'r', '--json']);
  expect(tooBig.code).toBe(2);
  expect(JSON.parse(tooBig.stdout).error.code).toBe('INVALID_INPUT');
  const missing = await run(['propose', '987654321', '--section', heading, '--markdown-file', file, '--reason', 'r', '--json']);
  expect(missing.code).toBe(4);
  expect(JSON.parse(missing.stdout).error.code).toBe('NOT_FOUND');
  const secret = sb.sim.control.pages().find((p) => p.title === 'Security Incident Response Plan')!;
  const restricted = await run(['propose', secret.id, '--section', heading, '--markdown-file', file, '--reason', 'r', '--json']);
  expect(JSON.parse(restricted.stdout)).toEqual(JSON.parse(missing.stdout));
  expect((await run(['propose', hit.pageId, '--markdown-file', file, '--reason', 'r'])).code).toBe(2);
  expect((await run(['propose', hit.pageId, '--section', heading, '--target', 't', '--markdown-file', file, '--reason', 'r'])).code).toBe(2);
  expect((await run(['propose', hit.pageId, '--section', heading, '--reason', 'r'])).code).toBe(2);
  expect((await run(['propose', hit.pageId, '--section', heading, '--markdown-file', join(home, 'absent.md'), '--reason', 'r'])).code).toBe(2);

  // Insert after and delete: the same tool, with its operation input.
  const inserted = await run(['propose', hit.pageId, '--section', heading, '--insert-after', '--markdown-file', file, '--reason', 'Add the new step', '--json']);
  expect(inserted.code).toBe(0);
  expect(JSON.parse(inserted.stdout)).toEqual(expect.objectContaining({ ok: true, state: 'pending' }));
  const deleted = await run(['propose', hit.pageId, '--section', heading, '--delete', '--reason', 'Obsolete', '--json']);
  expect(deleted.code).toBe(0);
  expect(JSON.parse(deleted.stdout)).toEqual(expect.objectContaining({ ok: true, state: 'pending' }));
  expect((await run(['propose', hit.pageId, '--section', heading, '--delete', '--markdown-file', file, '--reason', 'r'])).code).toBe(2);
  expect((await run(['propose', hit.pageId, '--section', heading, '--delete', '--insert-after', '--reason', 'r'])).code).toBe(2);
  expect(sb.sim.control.page(hit.pageId)!.version).toBe(before.version);
}, 120_000);

it('setup writes the client config: the stdio bridge by default, the token only with --http', async () => {
  const claude = await run(['setup', 'claude', '--json']);
  expect(claude.code).toBe(0);
  const written = JSON.parse(readFileSync(join(home, '.mcp.json'), 'utf8'));
  expect(written.mcpServers.librarian).toEqual({ type: 'stdio', command: 'librarian', args: ['mcp'] });
  expect(readFileSync(join(home, '.mcp.json'), 'utf8')).not.toContain(sb.agentToken!);
  expect((await run(['setup', 'vscode', '--http'])).code).toBe(0);
  const vscode = JSON.parse(readFileSync(join(home, '.vscode', 'mcp.json'), 'utf8'));
  expect(vscode.servers.librarian).toEqual({ type: 'http', url: sb.urls.mcp, headers: { Authorization: `Bearer ${sb.agentToken}` } });
  expect((await run(['setup', 'emacs'])).code).toBe(2);
}, 60_000);

it('`librarian mcp` bridges stdio MCP to the endpoint: tools, calls and errors', async () => {
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: env() as Record<string, string>, stderr: 'pipe' }));
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toEqual(['search-library', 'read-page', 'ask-library', 'list-libraries', 'propose-update']);
  const search = (await client.callTool({ name: 'search-library', arguments: { query: 'deploy', limit: 2 } })).structuredContent as Loose;
  expect(search.ok).toBe(true);
  const read = await client.callTool({ name: 'read-page', arguments: { pageId: search.results[0].pageId, maxChars: 200 } });
  expect((read.structuredContent as Loose).markdown.length).toBeLessThanOrEqual(200);
  const listed = (await client.callTool({ name: 'list-libraries', arguments: {} })).structuredContent as Loose;
  expect(listed.libraries).toHaveLength(1);
  const ask = (await client.callTool({ name: 'ask-library', arguments: { question: 'deploy' } })).structuredContent as Loose;
  expect(ask.ok).toBe(true);
  const missing = await client.callTool({ name: 'read-page', arguments: { pageId: '987654321' } });
  expect(missing.isError).toBe(true);
  expect((missing.structuredContent as Loose).error.code).toBe('NOT_FOUND');
  const invalid = await client.callTool({ name: 'search-library', arguments: { query: '' } });
  expect((invalid.structuredContent as Loose).error.code).toBe('INVALID_INPUT');
  await client.close();
}, 60_000);
