import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Readable, Writable } from 'node:stream';

/**
 * `librarian mcp`: an MCP server on stdio for agents that only speak stdio, forwarding tool listing and tool
 * calls to the Librarian endpoint over streamable HTTP with the stored agent token. Nothing but MCP messages is
 * written to stdout (the protocol's channel); diagnostics go to stderr.
 *
 * ```ts
 * await runMcpBridge({ url: 'https://…/mcp', token, version: '0.1.0' });
 * ```
 */
export async function runMcpBridge(options: { url: string; token: string; version: string; stdin?: Readable; stdout?: Writable }): Promise<void> {
  const remote = new Client({ name: 'librarian-cli-bridge', version: options.version });
  await remote.connect(new StreamableHTTPClientTransport(new URL(options.url), { requestInit: { headers: { authorization: `Bearer ${options.token}` } } }));
  const server = new Server({ name: 'librarian', version: options.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async (request) => remote.listTools(request.params));
  server.setRequestHandler(CallToolRequestSchema, async (request) => remote.callTool(request.params));
  const transport = new StdioServerTransport(options.stdin, options.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  await server.connect(transport);
  (options.stdin ?? process.stdin).on('end', () => void server.close());
  await closed;
  await remote.close().catch(() => undefined);
}
