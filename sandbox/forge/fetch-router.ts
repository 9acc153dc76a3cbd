/**
 * The host's `__forge_fetch__`: sends each SDK request to the part of the host that answers it, by the target
 * the SDK passes. `{type:'kvs'}` goes to the KVS service; `{type:'fpp', remote:'confluence'}` to Confluence as
 * the app or the user; `{type:'fpp', remote:'stargate'}` with a `/webhook/queue/` path to the event queue;
 * `{type:'llm'}` (`@forge/llm`) to the model stand-in. Anything else (Jira, Bitbucket, GraphQL, remotes) gets
 * Forge's proxy-error header, which the SDK raises as `ProxyRequestError`.
 */
import type { KvsService } from './kvs/protocol';
import type { LlmStandIn } from './llm';
import type { ConfluenceProduct } from './product';
import { proxyError } from './product';
import type { QueueService } from './queue/service';
import type { FetchTarget, ForgeFetch } from './runtime-globals';

export interface FetchRouterDeps {
  kvs: KvsService;
  queue: QueueService;
  confluence: ConfluenceProduct;
  llm: LlmStandIn;
  /** The URL of a `webtrigger` module, as Forge's `createWebTriggerUrl` mutation answers it; undefined if none. */
  webTriggerUrl?: (moduleKey: string) => string | undefined;
}

function readJson(init: RequestInit | undefined): unknown {
  const body = init?.body;
  if (typeof body !== 'string' || body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function jsonResponse(status: number, body: unknown): Response {
  if (body === undefined || status === 204) return new Response(null, { status });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Builds the fetch an invocation made on behalf of `invokingAccountId` uses. */
export function createForgeFetch(deps: FetchRouterDeps, invokingAccountId: string | undefined): ForgeFetch {
  return async (target: FetchTarget, path: string, init?: RequestInit) => {
    if (target.type === 'kvs') {
      const reply = deps.kvs.handle(path, readJson(init));
      return jsonResponse(reply.status, reply.body);
    }
    if (target.type === 'fpp' && target.remote === 'stargate' && path.startsWith('/webhook/queue/')) {
      const reply = deps.queue.handle(path, readJson(init));
      return jsonResponse(reply.status, reply.body);
    }
    if (target.type === 'llm') return deps.llm.handle(target, path, init);
    if (target.type === 'fpp' && target.remote === 'stargate' && path === '/graphql') return webTriggerGraphql(deps, readJson(init));
    if (target.type === 'fpp' && target.remote === 'confluence') {
      if (target.provider === 'user') {
        return deps.confluence.request({ kind: 'user', accountId: target.accountId ?? invokingAccountId }, path, init);
      }
      return deps.confluence.request({ kind: 'app' }, path, init);
    }
    return proxyError(400, 'PROXY_ERR');
  };
}

/**
 * The one GraphQL operation the host answers: `@forge/api`'s `webTrigger.getUrl(key)` sends the
 * `createWebTriggerUrl` mutation through Forge's proxy; the host answers with its local URL for that module.
 */
function webTriggerGraphql(deps: FetchRouterDeps, body: unknown): Response {
  const request = (body ?? {}) as { query?: unknown; variables?: { input?: { triggerKey?: unknown } } };
  const key = request.variables?.input?.triggerKey;
  if (typeof request.query !== 'string' || !/createWebTriggerUrl/.test(request.query) || typeof key !== 'string') return proxyError(400, 'PROXY_ERR');
  const url = deps.webTriggerUrl?.(key);
  if (!url) return jsonResponse(200, { data: null, errors: [{ message: `No webtrigger module ${key}` }] });
  return jsonResponse(200, { data: { createWebTriggerUrl: { url } } });
}
