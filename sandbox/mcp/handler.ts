import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Ajv, { type ValidateFunction } from 'ajv';
import { readMcpManifest, type McpTool } from './manifest-tools';

/** Runs an action module's function as `accountId` and returns what the function returned. */
export type InvokeActionFn = (actionKey: string, payload: Record<string, unknown>, accountId: string) => Promise<unknown>;

/** Maps a bearer token to a sandbox user's accountId; undefined refuses the request (401). */
export type AuthenticateFn = (token: string) => string | undefined | Promise<string | undefined>;

export interface McpHandlerOptions {
  /** manifest.yml's path, or its parsed contents. */
  manifest: string | Record<string, unknown>;
  invokeAction: InvokeActionFn;
  authenticate: AuthenticateFn;
  /** URL path of the endpoint; `/mcp` by default. */
  path?: string;
  /** Reported to clients in the initialize handshake. */
  version?: string;
}

type HttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** Text for the model plus, for object results, the same data as structured content. */
function toolResult(result: unknown): CallToolResult {
  const text = typeof result === 'string' ? result : JSON.stringify(result ?? null, null, 2);
  const structured = result && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>) : undefined;
  return { content: [{ type: 'text', text }], ...(structured ? { structuredContent: structured } : {}) };
}

function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * The local stand-in for the MCP server Atlassian runs for a `rovo:mcp` module: a streamable-HTTP endpoint
 * (stateless: one MCP server per request) whose tools are the manifest's actions. Every request needs a bearer
 * token that `authenticate` maps to a sandbox user; tools run as that user through `invokeAction`.
 */
export function createMcpHandler(options: McpHandlerOptions): HttpHandler {
  const manifest = readMcpManifest(options.manifest);
  const path = options.path ?? '/mcp';
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validators = new Map<string, ValidateFunction>(manifest.tools.map((tool) => [tool.name, ajv.compile(tool.inputSchema)]));
  const toolsByName = new Map<string, McpTool>(manifest.tools.map((tool) => [tool.name, tool]));

  function mcpServer(accountId: string): Server {
    const server = new Server({ name: manifest.serverName, version: options.version ?? '0.1.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: manifest.tools.map((tool) => ({
        name: tool.name,
        ...(tool.title ? { title: tool.title } : {}),
        description: tool.description,
        inputSchema: tool.inputSchema,
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const tool = toolsByName.get(request.params.name);
      if (!tool) return toolError(`Unknown tool: ${request.params.name}`);
      const args = (request.params.arguments ?? {}) as Record<string, unknown>;
      const validate = validators.get(tool.name) as ValidateFunction;
      if (!validate(args)) return toolError(`Invalid arguments for ${tool.name}: ${ajv.errorsText(validate.errors)}`);
      try {
        return toolResult(await options.invokeAction(tool.name, args, accountId));
      } catch (err) {
        return toolError(err instanceof Error ? err.message : String(err));
      }
    });
    return server;
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (url.pathname !== path) return false;
    const token = bearerToken(req);
    const accountId = token ? await options.authenticate(token) : undefined;
    if (!accountId) {
      refuse(res, 401, 'A valid bearer token is required', { 'www-authenticate': 'Bearer realm="librarian-sandbox"' });
      return true;
    }
    if (req.method !== 'POST') {
      // Stateless mode: no server-initiated stream (GET) and no session to end (DELETE).
      refuse(res, 405, 'Method not allowed', { allow: 'POST' });
      return true;
    }
    const server = mcpServer(accountId);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
    return true;
  };
}
