/**
 * The `librarian-agents` web trigger: the external MCP endpoint and the CLI's JSON API (core:
 * src/core/agents/endpoint.ts), adapted to Forge's web trigger shapes.
 *
 * Forge serialises the HTTP request to JSON for the function (`method`, `path`, `headers` as arrays of strings,
 * `body` as a string, `queryParameters`) and forms the response from `{statusCode, headers, body}`
 * (developer.atlassian.com/platform/forge/events-reference/web-trigger/). The URL is not authenticated by Forge
 * and carries no user, so `asUser()` does not work here: the agent token names the person, and every page is
 * checked for that person with Confluence (core/agents/owner-access.ts). Returning data makes this a `dynamic`
 * web trigger, which is egress: the app loses the "Runs on Atlassian" badge (README, "Agents").
 */
import { handleAgentRequest, RateLimiter, TokenRate, type EndpointRequest } from '../../core/agents';
import { readCaller, type PlatformContext } from '../context';
import { ForgeKeyValueStore, forgeClock } from '../adapters';
import { logLine } from '../log';
import { agentSettings, agentTokens, tokenOwnerAgentDeps } from '../services/agents';

export interface WebTriggerRequest {
  method?: string;
  path?: string;
  userPath?: string;
  headers?: Record<string, string[] | string | undefined>;
  body?: string;
  queryParameters?: Record<string, string[]>;
}

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

const APP_VERSION = '0.1.0';
const limiter = new RateLimiter(forgeClock);
const rate = new TokenRate(new ForgeKeyValueStore(), forgeClock);

/** The part of the request path below the trigger's own URL: `/mcp` or `/api/v1/...`. */
export function endpointPath(request: WebTriggerRequest): string {
  const raw = typeof request.userPath === 'string' && request.userPath ? request.userPath : (request.path ?? '/');
  const withSlash = raw.startsWith('/') ? raw : `/${raw}`;
  const tail = /(\/mcp\/?|\/api\/v1\/.*)$/.exec(withSlash.split('?')[0]!);
  return tail ? tail[1]! : withSlash;
}

function flatHeaders(headers: WebTriggerRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

export async function agentsWebTrigger(request: WebTriggerRequest, context?: PlatformContext): Promise<WebTriggerResponse> {
  const installation = context?.installContext ?? context?.cloudId ?? 'unknown-installation';
  const endpointRequest: EndpointRequest = {
    method: (request.method ?? 'GET').toUpperCase(),
    path: endpointPath(request),
    headers: flatHeaders(request.headers),
    body: typeof request.body === 'string' ? request.body : '',
  };
  try {
    const response = await handleAgentRequest(
      {
        tokens: agentTokens(installation),
        settings: () => agentSettings().get(),
        agentDeps: (_record, settings) => tokenOwnerAgentDeps(settings, installation),
        licensed: readCaller(context).licensed,
        limiter,
        rate,
        version: APP_VERSION,
        log: (line) => logLine('agents', line),
      },
      endpointRequest,
    );
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(response.headers)) headers[name] = [value];
    return { statusCode: response.status, headers, body: response.body };
  } catch (error) {
    logLine('agents', `unexpected ${(error as Error)?.name ?? 'error'}`);
    return {
      statusCode: 500,
      headers: { 'content-type': ['application/json'] },
      body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong in Librarian; try again shortly.' } }),
    };
  }
}
