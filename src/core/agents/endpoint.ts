import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { failure, type AgentDeps, type Asker, type ToolErrorCode, type ToolResult } from '../usecases';
import { errorKind } from '../errors';
import { agentMcpServer } from './mcp-server';
import { RateLimiter, type TokenRate } from './rate-limit';
import type { AgentSettings } from './settings';
import { agentTool } from './tools';
import { refusalMessage, type AgentTokenRecord, type AgentTokens } from './tokens';

/** An HTTP request as the endpoint reads it (the web trigger adapter builds it from Forge's request JSON). */
export interface EndpointRequest {
  method: string;
  /** The path below the web trigger's URL, e.g. `/mcp` or `/api/v1/tools/search-library`. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export interface EndpointResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface EndpointDeps {
  tokens: Pick<AgentTokens, 'verify'>;
  settings(): Promise<AgentSettings>;
  /** The read tools' dependencies for a request made with this token (its owner's access, checked server-side). */
  agentDeps(record: AgentTokenRecord, settings: AgentSettings): AgentDeps;
  licensed: boolean;
  limiter: RateLimiter;
  /** The per-token rate across function instances (TokenRate in KVS); absent in benches that measure the rest. */
  rate?: Pick<TokenRate, 'take'>;
  version: string;
  /** One line per refused or failed request, never with a token or page text. */
  log?(line: string): void;
}

const STATUS: Record<ToolErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UNLICENSED: 403,
  NOT_FOUND: 404,
  BUSY: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function json(status: number, value: unknown, headers: Record<string, string> = {}): EndpointResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(value) };
}

function refuse(code: ToolErrorCode, message: string, headers: Record<string, string> = {}): EndpointResponse {
  return json(STATUS[code], failure(code, message), headers);
}

function bearer(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/**
 * The external agent endpoint behind the web trigger: the MCP server (streamable HTTP, stateless, JSON
 * responses) at `/mcp` and a small JSON API for the `librarian` CLI at `/api/v1/...`, both acting for the owner
 * of the agent token sent as a bearer token, never wider. Checks, in order: the site allows external agents,
 * the install is licensed, the token is valid (form, installation, hash, expiry, revocation: read every time),
 * the token's rate. The same refusals reach MCP clients and the CLI, as JSON `{ok:false, error}`.
 *
 * ```ts
 * const response = await handleAgentRequest(deps, { method: 'POST', path: '/api/v1/tools/search-library', headers, body });
 * ```
 */
export async function handleAgentRequest(deps: EndpointDeps, request: EndpointRequest): Promise<EndpointResponse> {
  try {
    return await answer(deps, request);
  } catch (error) {
    // Forge's storage quota (per installation, per minute) is shared by every request: over it, say "busy".
    if (errorKind(error) === 'quota') return refuse('BUSY', 'Librarian is busy right now; retry in a few seconds.', { 'retry-after': '5' });
    throw error;
  }
}

async function answer(deps: EndpointDeps, request: EndpointRequest): Promise<EndpointResponse> {
  const path = request.path.replace(/\/+$/, '') || '/';
  const isMcp = path === '/mcp';
  const isApi = path.startsWith('/api/v1/');
  if (!isMcp && !isApi) return refuse('NOT_FOUND', 'Nothing here: MCP clients use /mcp, the librarian CLI uses /api/v1/.');

  const settings = await deps.settings();
  if (!settings.externalAccess) return refuse('FORBIDDEN', 'A site admin has turned off access for external agents on this site.');
  if (!deps.licensed) return refuse('UNLICENSED', 'Librarian is not licensed on this site; ask a site admin to renew it.');
  const presented = bearer(request.headers);
  // The rate is counted before the token's record is read, so a burst costs no storage reads past the limit.
  const tokenId = /^lbr_[0-9a-f]{8}_([0-9a-f]{16})_/.exec(presented ?? '')?.[1];
  if (tokenId && !deps.limiter.take(tokenId)) return refuse('BUSY', 'Too many requests with this token just now; wait a few seconds and retry.', { 'retry-after': '5' });
  const check = await deps.tokens.verify(presented);
  if (!check.ok) {
    deps.log?.(`agent request refused: ${check.reason}`);
    return refuse('UNAUTHENTICATED', refusalMessage(check.reason), { 'www-authenticate': 'Bearer realm="librarian"' });
  }
  const record = check.record;
  const wait = deps.rate ? await deps.rate.take(record.id) : true;
  if (wait !== true) return refuse('BUSY', 'Too many requests with this token just now; wait a few seconds and retry.', { 'retry-after': String(wait) });

  const asker: Asker = { accountId: record.ownerAccountId, libraryScope: record.libraryId, agentToken: { id: record.id, name: record.name } };
  const run = async (name: string, input: Record<string, unknown>): Promise<ToolResult<object>> => {
    const tool = agentTool(name);
    if (!tool) return failure('NOT_FOUND', `No tool named ${name.slice(0, 60)}.`);
    return tool.run(deps.agentDeps(record, settings), asker, input);
  };

  if (isMcp) return mcp(request, run, deps.version);

  if (path === '/api/v1/me' && request.method === 'GET') {
    return json(200, { ok: true, accountId: record.ownerAccountId, token: { id: record.id, name: record.name, libraryId: record.libraryId, expiresAt: new Date(record.expiresAt).toISOString() } });
  }
  const toolPath = /^\/api\/v1\/tools\/([a-z-]{1,40})$/.exec(path);
  if (!toolPath) return refuse('NOT_FOUND', 'Unknown API path; the CLI calls /api/v1/me and /api/v1/tools/<tool>.');
  if (request.method !== 'POST') return refuse('INVALID_INPUT', 'Tools are called with POST and a JSON object body.', { allow: 'POST' });
  let input: unknown;
  try {
    input = request.body ? JSON.parse(request.body) : {};
  } catch {
    return refuse('INVALID_INPUT', 'The body is not JSON.');
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) return refuse('INVALID_INPUT', 'The body must be a JSON object of the tool\'s inputs.');
  const result = await run(toolPath[1]!, input as Record<string, unknown>);
  if (result.ok) return json(200, result);
  const retryAfter = result.error.retryAfterSeconds;
  return json(STATUS[result.error.code], result, retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {});
}

/** One stateless MCP exchange: a fresh server and transport per request, answered as JSON (no SSE stream). */
async function mcp(request: EndpointRequest, run: (name: string, input: Record<string, unknown>) => Promise<ToolResult<object>>, version: string): Promise<EndpointResponse> {
  if (request.method !== 'POST') return { status: 405, headers: { ...JSON_HEADERS, allow: 'POST' }, body: JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this endpoint is stateless, POST only.' }, id: null }) };
  const server = agentMcpServer(run, version);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (name !== 'authorization') headers.set(name, value);
    const response = await transport.handleRequest(new Request('https://librarian.invalid/mcp', { method: 'POST', headers, body: request.body }));
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    return { status: response.status, headers: out, body: await response.text() };
  } finally {
    await transport.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  }
}
