/**
 * The external agent endpoint end to end: the real MCP SDK client over streamable HTTP against the sandbox, which
 * serves the `librarian-agents` web trigger the way Forge does, the real handlers and SDKs in the local Forge
 * host, and the Confluence simulator deciding who may read what.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SteppedClock } from '../../sandbox/clock';
import { startSandbox, type Sandbox } from '../../sandbox/start';
import { AGENT_TOOLS } from '../../src/core/agents';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const clock = new SteppedClock('2026-03-01T09:00:00Z');
let sb: Sandbox;
let memberToken = '';
const member = () => sb.seed.users.find((u) => u.email === 'member@example.com')!;
const admin = () => sb.seed.users.find((u) => u.siteAdmin)!;

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'librarian-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(sb.urls.mcp), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

function tokenCall(accountId: string, functionKey: string, payload: unknown = {}) {
  return sb.host.invokeResolver({ moduleKey: 'librarian-agent-tokens', functionKey, payload, accountId }) as Promise<Loose>;
}

async function mint(accountId: string, name = 'test', days = 30): Promise<string> {
  const access = await tokenCall(accountId, 'getAgentAccess');
  const minted = await tokenCall(accountId, 'createToken', { libraryId: access.libraries[0].id, name, days });
  expect(minted.error).toBeUndefined();
  return minted.token;
}

const text = (result: Loose) => (result.content as Array<{ text: string }>)[0]!.text;

beforeAll(async () => {
  sb = await startSandbox({ clock, quiet: true, dataDir: ':memory:' });
  await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
  memberToken = sb.agentToken!;
}, 90_000);

afterAll(async () => {
  await sb?.close();
});

it('serves the endpoint on the web trigger URL that webTrigger.getUrl gives the app', async () => {
  const access = await tokenCall(member().accountId, 'getAgentAccess');
  expect(access.endpoint).toBe(sb.urls.agents);
  expect(sb.urls.mcp).toBe(`${sb.urls.agents}/mcp`);
  expect(memberToken).toMatch(/^lbr_[0-9a-f]{8}_[0-9a-f]{16}_[0-9a-f]{64}$/);
});

it('lists the four read tools and propose-update with the inputs the manifest declares for the Rovo actions', async () => {
  const client = await connect(memberToken);
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toEqual(['search-library', 'read-page', 'ask-library', 'list-libraries', 'propose-update']);
  expect(tools.find((t) => t.name === 'propose-update')!.annotations?.readOnlyHint).toBe(false);
  expect(tools.find((t) => t.name === 'read-page')!.annotations?.readOnlyHint).toBe(true);
  const manifest = parse(readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8')) as Loose;
  for (const tool of AGENT_TOOLS) {
    const action = manifest.modules.action.find((a: Loose) => a.key === tool.name);
    expect(action.description).toBe(tool.description);
    const declared = Object.keys(action.inputs ?? {}).filter((name) => name !== 'library' || tool.name !== 'read-page');
    expect(Object.keys(tool.inputSchema.properties).sort()).toEqual(declared.sort());
    for (const name of declared) expect(tool.inputSchema.properties[name]!.type).toBe(action.inputs[name].type);
  }
  await client.close();
});

it('each tool answers as the token owner', async () => {
  const client = await connect(memberToken);
  const listed = (await client.callTool({ name: 'list-libraries', arguments: {} })).structuredContent as Loose;
  expect(listed.ok).toBe(true);
  expect(listed.libraries).toHaveLength(1);
  expect(listed.libraries[0].spaces.map((s: Loose) => s.key)).toContain('ENG');

  const search = (await client.callTool({ name: 'search-library', arguments: { query: 'deploy rollback', limit: 5 } })).structuredContent as Loose;
  expect(search.ok).toBe(true);
  expect(search.results.length).toBeGreaterThan(0);
  expect(search.results.length).toBeLessThanOrEqual(5);
  const first = search.results[0];
  expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wiki\/spaces\/[A-Z]+\/pages\/\d+/);
  expect(first.snippet.length).toBeGreaterThan(0);
  expect(first.lastModified).toMatch(/^\d{4}-\d\d-\d\dT/);

  const read = await client.callTool({ name: 'read-page', arguments: { pageId: first.url } });
  expect(read.isError).toBeFalsy();
  const page = read.structuredContent as Loose;
  expect(page.page.id).toBe(first.pageId);
  expect(page.markdown.length).toBeGreaterThan(0);
  expect(text(read)).toContain(`# ${page.page.title}`);
  if (page.sections.length) {
    const one = (await client.callTool({ name: 'read-page', arguments: { pageId: first.pageId, section: page.sections[0].heading } })).structuredContent as Loose;
    expect(one.section).toBe(page.sections[0].heading);
    expect(one.markdown.length).toBeLessThanOrEqual(page.totalChars);
  }

  const ask = (await client.callTool({ name: 'ask-library', arguments: { question: 'How do we roll back a deploy?' } })).structuredContent as Loose;
  expect(ask.ok).toBe(true);
  expect(['answer', 'nothing']).toContain(ask.answer.kind);
  await client.close();
});

it('a restricted page answers exactly like a missing one, for search, read and ask', async () => {
  const secret = sb.sim.control.pages().find((p) => p.title === 'Security Incident Response Plan')!;
  expect(sb.sim.control.canRead(member().accountId, secret.id)).toBe(false);
  const adminClient = await connect(await mint(admin().accountId));
  const asAdmin = (await adminClient.callTool({ name: 'read-page', arguments: { pageId: secret.id } })).structuredContent as Loose;
  expect(asAdmin.ok).toBe(true);
  const client = await connect(memberToken);
  const restricted = await client.callTool({ name: 'read-page', arguments: { pageId: secret.id } });
  const missing = await client.callTool({ name: 'read-page', arguments: { pageId: '999999999' } });
  expect(restricted.isError).toBe(true);
  expect(restricted.structuredContent).toEqual(missing.structuredContent);
  expect((restricted.structuredContent as Loose).error.code).toBe('NOT_FOUND');
  const search = (await client.callTool({ name: 'search-library', arguments: { query: 'security incident response plan', limit: 20 } })).structuredContent as Loose;
  expect(search.results.map((r: Loose) => r.pageId)).not.toContain(secret.id);
  const adminSearch = (await adminClient.callTool({ name: 'search-library', arguments: { query: 'security incident response plan', limit: 20 } })).structuredContent as Loose;
  expect(adminSearch.results.map((r: Loose) => r.pageId)).toContain(secret.id);
  await client.close();
  await adminClient.close();
});

it('bad input gets a clear error and changes nothing', async () => {
  const client = await connect(memberToken);
  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })).structuredContent as Loose;
  const trashed = sb.sim.control.pages().find((p) => p.status === 'trashed');
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['read-page', { pageId: '424242424' }, 'NOT_FOUND'],
    ['read-page', { pageId: 'https://evil.example.com/wiki/spaces/ENG/pages/65537/X' }, 'INVALID_INPUT'],
    ['read-page', { pageId: 'not a page' }, 'INVALID_INPUT'],
    ['read-page', { pageId: '65537', maxChars: 0 }, 'INVALID_INPUT'],
    ['read-page', { pageId: '65537', maxChars: 1e9 }, 'INVALID_INPUT'],
    ['search-library', { query: 'x'.repeat(1024 * 1024) }, 'INVALID_INPUT'],
    ['search-library', { query: 42 }, 'INVALID_INPUT'],
    ['search-library', { query: 'deploy', limit: 'many' }, 'INVALID_INPUT'],
    ['search-library', { query: 'deploy', space: 'NOPE' }, 'NOT_FOUND'],
    ['search-library', { query: 'deploy', library: 'other-library' }, 'NOT_FOUND'],
    ['ask-library', { question: '' }, 'INVALID_INPUT'],
    ['list-libraries', { surprise: true }, 'INVALID_INPUT'],
  ];
  if (trashed) cases.push(['read-page', { pageId: trashed.id }, 'NOT_FOUND']);
  for (const [name, args, code] of cases) {
    const result = await call(name, args);
    expect({ name, args: JSON.stringify(args).slice(0, 80), ok: result.ok, code: result.error?.code }).toEqual({ name, args: JSON.stringify(args).slice(0, 80), ok: false, code });
    expect(result.error.message.length).toBeGreaterThan(5);
  }
  const page = (await call('search-library', { query: 'deploy', limit: 1 })).results[0];
  const section = await call('read-page', { pageId: page.pageId, section: 'No Such Section Anywhere' });
  expect(section.error.code).toBe('NOT_FOUND');
  expect(section.error.message).toMatch(/No section/);
  const unknown = await client.callTool({ name: 'write-page', arguments: {} });
  expect(unknown.isError).toBe(true);
  expect(text(unknown)).toMatch(/^NOT_FOUND/);
  await client.close();
});

it('refuses missing, malformed, foreign, expired and revoked tokens; revocation binds the very next request', async () => {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  const post = (token?: string) => fetch(sb.urls.mcp, { method: 'POST', headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers, body: init });
  const refusal = async (token?: string) => {
    const response = await post(token);
    const body = (await response.json()) as Loose;
    return { status: response.status, code: body.error?.code, message: String(body.error?.message ?? '') };
  };
  expect(await refusal()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  expect((await refusal('member-token')).message).toMatch(/not a Librarian agent token/);
  const foreign = memberToken.replace(/^lbr_[0-9a-f]{8}/, 'lbr_00000000');
  expect((await refusal(foreign)).message).toMatch(/another Librarian installation/);
  const wrongSecret = memberToken.slice(0, -4) + (memberToken.endsWith('0000') ? '1111' : '0000');
  expect((await refusal(wrongSecret)).message).toMatch(/not known/);

  const shortLived = await mint(member().accountId, 'short', 1);
  expect((await post(shortLived)).status).toBe(200);
  clock.advance(24 * 60 * 60 * 1000 + 1);
  expect((await refusal(shortLived)).message).toMatch(/expired/);

  const doomed = await mint(member().accountId, 'doomed');
  expect((await post(doomed)).status).toBe(200);
  const listed = await tokenCall(member().accountId, 'getAgentAccess');
  const record = listed.tokens.find((t: Loose) => t.name === 'doomed');
  expect(record.lastUsedAt).toBe(clock.now());
  expect(JSON.stringify(listed)).not.toContain(doomed);
  // Someone else cannot revoke it; the owner can, and the next request (same clock instant) is refused.
  expect((await tokenCall(admin().accountId, 'revokeToken', { tokenId: record.id })).error.code).toBe('not_found');
  expect((await post(doomed)).status).toBe(200);
  const revoked = await tokenCall(member().accountId, 'revokeToken', { tokenId: record.id });
  expect(revoked.revoked.state).toBe('revoked');
  const before = clock.now();
  expect((await refusal(doomed)).message).toMatch(/revoked/);
  expect(clock.now() - before).toBeLessThan(1000);
});

it('site admins can turn external agents off, and only they', async () => {
  expect((await tokenCall(member().accountId, 'setExternalAccess', { enabled: false })).error.code).toBe('forbidden');
  const off = await tokenCall(admin().accountId, 'setExternalAccess', { enabled: false });
  expect(off.externalAccess).toBe(false);
  const response = await fetch(`${sb.urls.agents}/api/v1/me`, { headers: { authorization: `Bearer ${memberToken}` } });
  expect(response.status).toBe(403);
  expect(((await response.json()) as Loose).error.message).toMatch(/turned off/);
  expect((await tokenCall(admin().accountId, 'setExternalAccess', { enabled: true })).externalAccess).toBe(true);
  expect((await fetch(`${sb.urls.agents}/api/v1/me`, { headers: { authorization: `Bearer ${memberToken}` } })).status).toBe(200);
});

it('a burst of 500 requests gets answers or BUSY, and nothing else changes', async () => {
  clock.advance(60_000);
  const token = await mint(member().accountId, 'burst');
  const statuses = await Promise.all(
    Array.from({ length: 500 }, () => fetch(`${sb.urls.agents}/api/v1/tools/list-libraries`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' }).then(async (r) => ({ status: r.status, body: (await r.json()) as Loose }))),
  );
  const busy = statuses.filter((s) => s.status === 429);
  const ok = statuses.filter((s) => s.status === 200);
  expect(ok.length + busy.length).toBe(500);
  expect(busy.length).toBeGreaterThan(0);
  for (const b of busy) expect(b.body.error.code).toBe('BUSY');
  // How much of the minute's read quota the burst spent depends on how many of its requests the per-second limit
  // (wall time) let through: read what changed in a fresh minute of the (stepped) quota clock.
  clock.advance(60_000);
  const after = await tokenCall(member().accountId, 'getAgentAccess');
  expect(after.tokens.filter((t: Loose) => t.name === 'burst')).toHaveLength(1);
}, 60_000);

it('the Rovo actions run the same use cases as the invoking user (asUser), never as an input says', async () => {
  const secret = sb.sim.control.pages().find((p) => p.title === 'Security Incident Response Plan')!;
  const asMember = (await sb.host.invokeAction('read-page', { pageId: secret.id }, member().accountId)) as Loose;
  expect(asMember).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
  const asAdmin = (await sb.host.invokeAction('read-page', { pageId: secret.id }, admin().accountId)) as Loose;
  expect(asAdmin.ok).toBe(true);
  expect(asAdmin.page.id).toBe(secret.id);
  // An input naming someone else changes nothing: unknown inputs are refused, the caller comes from the context.
  const spoof = (await sb.host.invokeAction('read-page', { pageId: secret.id, accountId: admin().accountId }, member().accountId)) as Loose;
  expect(spoof.error.code).toBe('INVALID_INPUT');
  const search = (await sb.host.invokeAction('search-library', { query: 'deploy', limit: 3 }, member().accountId)) as Loose;
  expect(search.ok).toBe(true);
  expect(search.results.length).toBeGreaterThan(0);
  const listed = (await sb.host.invokeAction('list-libraries', {}, member().accountId)) as Loose;
  expect(listed.libraries[0].index.pages).toBeGreaterThan(0);
  const ask = (await sb.host.invokeAction('ask-library', { question: 'How do we deploy?' }, member().accountId)) as Loose;
  expect(ask.ok).toBe(true);
  const anonymous = (await sb.host.invokeAction('search-library', { query: 'deploy' })) as Loose;
  expect(anonymous.ok).toBe(false);
});

it('propose-update stores a proposal for Review as the token owner, never writes the page, and refuses bad input', async () => {
  clock.advance(60_000); // A fresh minute of the storage quota after the burst above spent it.
  const client = await connect(memberToken);
  const call = async (args: Record<string, unknown>) => (await client.callTool({ name: 'propose-update', arguments: args })).structuredContent as Loose;
  const hit = ((await client.callTool({ name: 'search-library', arguments: { query: 'deploy rollback', limit: 1 } })).structuredContent as Loose).results[0];
  const read = (await client.callTool({ name: 'read-page', arguments: { pageId: hit.pageId } })).structuredContent as Loose;
  expect(read.sections.length).toBeGreaterThan(0);
  const heading = read.sections[0].heading;
  const before = sb.sim.control.page(hit.pageId)!;

  const first = await call({ pageId: hit.url, section: heading, replacement: 'The new way: run `make ship`.', change: 'The ship script replaced the old steps.', link: 'https://github.com/acme/api/pull/7' });
  expect(first).toEqual(expect.objectContaining({ ok: true, state: 'pending', page: { id: hit.pageId, title: read.page.title } }));
  expect(first.proposalId).toMatch(/^[0-9a-f]{16}$/);
  expect(first.reviewUrl).toBe(read.page.url);
  const after = sb.sim.control.page(hit.pageId)!;
  expect({ version: after.version, body: after.body }).toEqual({ version: before.version, body: before.body });
  // Stored: a newer proposal for the same section supersedes it.
  const second = await call({ pageId: hit.pageId, section: heading, replacement: 'Run `make ship`.', change: 'Shorter.' });
  expect(second.ok).toBe(true);
  expect(second.superseded).toEqual([first.proposalId]);

  const secret = sb.sim.control.pages().find((p) => p.title === 'Security Incident Response Plan')!;
  const libraryKeys = new Set(((await client.callTool({ name: 'list-libraries', arguments: {} })).structuredContent as Loose).libraries[0].spaces.map((s: Loose) => s.key));
  const outside = sb.sim.control.pages().find((p) => p.status === 'current' && !libraryKeys.has(p.spaceKey) && sb.sim.control.canRead(member().accountId, p.id));
  const good = { section: heading, replacement: 'x', change: 'why' };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ...good, pageId: '424242424' }, 'NOT_FOUND'],
    [{ ...good, pageId: secret.id }, 'NOT_FOUND'],
    [{ ...good, pageId: hit.pageId, replacement: 'x'.repeat(2 * 1024 * 1024) }, 'INVALID_INPUT'],
    [{ ...good, pageId: hit.pageId, change: '' }, 'INVALID_INPUT'],
    [{ ...good, pageId: hit.pageId, target: 'both given' }, 'INVALID_INPUT'],
    [{ ...good, pageId: hit.pageId, section: 'No Such Section Anywhere' }, 'INVALID_INPUT'],
    [{ ...good, pageId: hit.pageId, baseVersion: before.version + 5 }, 'INVALID_INPUT'],
    [{ ...good, pageId: hit.pageId, link: 'javascript:alert(1)' }, 'INVALID_INPUT'],
  ];
  if (outside) cases.push([{ ...good, pageId: outside.id }, 'NOT_FOUND']);
  for (const [args, code] of cases) {
    const result = await call(args);
    expect({ args: JSON.stringify(args).slice(0, 80), code: result.error?.code }).toEqual({ args: JSON.stringify(args).slice(0, 80), code });
  }
  // Restricted and missing pages answer alike.
  expect(await call({ ...good, pageId: secret.id })).toEqual(await call({ ...good, pageId: '424242424' }));
  expect(outside).toBeDefined();

  // <script> in the Markdown is text in the proposal, never markup: the proposal is stored; the page is untouched.
  const script = await call({ pageId: hit.pageId, section: heading, replacement: 'Hi <script>alert(1)</script> there', change: 'XSS probe' });
  expect(script.ok).toBe(true);
  expect(sb.sim.control.page(hit.pageId)!.body).toBe(before.body);
  await client.close();
}, 60_000);

it('propose-update inserts after or deletes a section or a block, and the proposal names the agent token it came with', async () => {
  clock.advance(60_000); // A fresh minute of the storage quota, whatever the tests before spent.
  const token = await mint(member().accountId, 'laptop claude');
  const client = await connect(token);
  const call = async (args: Record<string, unknown>) => (await client.callTool({ name: 'propose-update', arguments: args })).structuredContent as Loose;
  const hit = ((await client.callTool({ name: 'search-library', arguments: { query: 'deploy rollback', limit: 1 } })).structuredContent as Loose).results[0];
  const read = (await client.callTool({ name: 'read-page', arguments: { pageId: hit.pageId } })).structuredContent as Loose;
  const [first, second] = read.sections as Array<{ heading: string }>;
  const before = sb.sim.control.page(hit.pageId)!;

  const inserted = await call({ pageId: hit.pageId, section: first!.heading, operation: 'insert-after', replacement: 'A new closing note.', change: 'Add a note.' });
  expect(inserted).toEqual(expect.objectContaining({ ok: true, state: 'pending' }));
  const deleted = await call({ pageId: hit.pageId, section: second!.heading, operation: 'delete', change: 'The section is obsolete.' });
  expect(deleted).toEqual(expect.objectContaining({ ok: true, state: 'pending' }));
  expect(sb.sim.control.page(hit.pageId)!.body).toBe(before.body);

  const listed = (await sb.host.invokeResolver({ moduleKey: 'librarian-review-byline', functionKey: 'listPageProposals', payload: {}, accountId: member().accountId, extension: { content: { id: hit.pageId, type: 'page' } } })) as Loose;
  const byId = new Map((listed.proposals as Loose[]).map((p) => [p.id, p]));
  const insertView = byId.get(inserted.proposalId);
  expect(insertView.changes.map((c: Loose) => c.diff)).toEqual([[{ kind: 'added', text: 'A new closing note.' }]]);
  const deleteView = byId.get(deleted.proposalId);
  expect(deleteView.changes.length).toBeGreaterThan(0);
  expect(deleteView.changes.every((c: Loose) => c.label === 'Removed')).toBe(true);
  expect(deleteView.changes[0].diff).toEqual([{ kind: 'removed', text: second!.heading }]);
  for (const view of [insertView, deleteView]) {
    expect(view.origin).toEqual({ kind: 'agent', name: 'Agent token "laptop claude"', tokenId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(token).toContain(`_${view.origin.tokenId}_`);
    expect(view.modelWritten).toBe(true);
  }

  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ pageId: hit.pageId, section: first!.heading, operation: 'delete', replacement: 'x', change: 'why' }, /takes no replacement/],
    [{ pageId: hit.pageId, section: first!.heading, operation: 'insert-after', change: 'why' }, /the Markdown to insert/],
    [{ pageId: hit.pageId, section: first!.heading, operation: 'move', replacement: 'x', change: 'why' }, /operation must be one of replace, insert-after, delete/],
  ];
  for (const [args, message] of bad) {
    const result = await call(args);
    expect(result.error?.code).toBe('INVALID_INPUT');
    expect(result.error?.message).toMatch(message);
    // The Rovo action reads its inputs with the same mapping, so it refuses the same way.
    const action = (await sb.host.invokeAction('propose-update', args, member().accountId)) as Loose;
    expect(action.error).toEqual(result.error);
  }
  const rovo = (await sb.host.invokeAction('propose-update', { pageId: hit.pageId, section: first!.heading, operation: 'insert-after', replacement: 'From Rovo.', change: 'Add a note.' }, member().accountId)) as Loose;
  expect(rovo).toEqual(expect.objectContaining({ ok: true, state: 'pending' }));
  expect(sb.sim.control.page(hit.pageId)!.body).toBe(before.body);
  await client.close();
}, 60_000);
