import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createMcpHandler } from '../../sandbox/mcp';
import { readMcpManifest } from '../../sandbox/mcp/manifest-tools';

const FIXTURE = join(__dirname, '..', 'fixtures', 'ui-manifest.yml');
const TOKENS: Record<string, string> = { 'token-ada': 'acc-ada', 'token-bob': 'acc-bob' };

describe('MCP endpoint for rovo:mcp actions', () => {
  let server: Server;
  let base: string;
  const calls: Array<{ actionKey: string; payload: Record<string, unknown>; accountId: string }> = [];

  beforeAll(async () => {
    const handler = createMcpHandler({
      manifest: FIXTURE,
      authenticate: (token) => TOKENS[token],
      invokeAction: async (actionKey, payload, accountId) => {
        calls.push({ actionKey, payload, accountId });
        if (payload.query === 'explode') throw new Error('index unavailable');
        return { hits: [{ pageId: '101', title: `About ${String(payload.query)}` }], askedBy: accountId };
      },
    });
    server = createServer((req, res) => {
      Promise.resolve(handler(req, res)).then((handled) => {
        if (!handled) {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'librarian-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    return client;
  }

  it('lists exactly the actions rovo:mcp exposes, with schemas from their inputs', async () => {
    const client = await connect('token-ada');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['search-library', 'list-libraries']);
    const search = tools[0];
    expect(search?.description).toBe('Search a Library for passages that match a query.');
    expect(search?.inputSchema).toEqual({
      type: 'object',
      properties: {
        query: { type: 'string', title: 'Query', description: 'What to search for.' },
        limit: { type: 'integer', title: 'Limit', description: 'How many results to return.' },
      },
      required: ['query'],
      additionalProperties: false,
    });
    expect(tools[1]?.inputSchema).toEqual({ type: 'object', properties: {}, additionalProperties: false });
    await client.close();
  });

  it('calls the action as the token holder and returns text and structured content', async () => {
    const client = await connect('token-bob');
    const result = await client.callTool({ name: 'search-library', arguments: { query: 'deploys', limit: 3 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ hits: [{ pageId: '101', title: 'About deploys' }], askedBy: 'acc-bob' });
    const content = result.content as Array<{ type: string; text: string }>;
    expect(JSON.parse(content[0]?.text ?? '')).toEqual(result.structuredContent);
    expect(calls.at(-1)).toEqual({ actionKey: 'search-library', payload: { query: 'deploys', limit: 3 }, accountId: 'acc-bob' });
    await client.close();
  });

  it('rejects bad arguments and unexposed actions without calling the action, and reports action errors', async () => {
    const client = await connect('token-ada');
    const before = calls.length;
    const missing = await client.callTool({ name: 'search-library', arguments: { limit: 2 } });
    expect(missing.isError).toBe(true);
    const wrongType = await client.callTool({ name: 'search-library', arguments: { query: 'x', limit: 'many' } });
    expect(wrongType.isError).toBe(true);
    const hidden = await client.callTool({ name: 'not-exposed', arguments: {} });
    expect(hidden.isError).toBe(true);
    expect(calls.length).toBe(before);
    const failing = await client.callTool({ name: 'search-library', arguments: { query: 'explode' } });
    expect(failing.isError).toBe(true);
    expect((failing.content as Array<{ text: string }>)[0]?.text).toBe('index unavailable');
    await client.close();
  });

  it('answers 401 without a known bearer token', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const none = await fetch(`${base}/mcp`, { method: 'POST', headers, body: JSON.stringify(init) });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const unknown = await fetch(`${base}/mcp`, { method: 'POST', headers: { ...headers, authorization: 'Bearer nope' }, body: JSON.stringify(init) });
    expect(unknown.status).toBe(401);
    const known = await fetch(`${base}/mcp`, { method: 'POST', headers: { ...headers, authorization: 'Bearer token-ada' }, body: JSON.stringify(init) });
    expect(known.status).toBe(200);
  });

  it('reads every rovo:mcp tool of the real manifest', () => {
    const manifest = readMcpManifest(join(__dirname, '..', '..', 'manifest.yml'));
    expect(manifest.tools.map((t) => t.name)).toEqual(['search-library', 'read-page', 'ask-library', 'list-libraries', 'propose-update']);
    for (const tool of manifest.tools) expect(tool.description.length).toBeGreaterThan(0);
  });
});
