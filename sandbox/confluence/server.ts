/**
 * The request pipeline for Confluence routes: strip the `/ex/confluence/{cloudId}` prefix, match a route,
 * authenticate, check a scoped token's scopes, apply faults and the rate budget, run the handler, render
 * errors in the route family's shape, count the request, and fire post-response faults (concurrent edits).
 * A handler that throws never takes the server down: it becomes a 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SteppedClock } from '../clock';
import type { ApiRoute, SimulatorCore } from './core';
import { SimError, notFound } from './errors';
import { compileTemplate, errorBody, matchRoute, parseJson, Query, readBody, type Family, type Reply } from './http';
import { rateLimitHeaders, type RequestFacts } from './faults';
import type { Identity } from './permissions';
import { latest } from './model';

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json;charset=UTF-8';
  res.writeHead(reply.status, headers);
  res.end(payload);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A slow answer. On a stepped clock the delay is sandbox time: the clock moves by `ms` while the request is held
 * (so whatever follows that clock, an invocation's time limit or a scheduled scan, sees the request take that
 * long, deterministically, however loaded the machine is); concurrent slow requests add up instead of overlapping,
 * a pessimistic model. On a real clock it is a real sleep.
 */
async function delay(core: SimulatorCore, ms: number): Promise<void> {
  if (core.clock instanceof SteppedClock) {
    await Promise.resolve();
    core.clock.advance(ms);
    return;
  }
  await sleep(ms);
}

export function apiHandler(core: SimulatorCore, routes: ApiRoute[]): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const compiled = routes.map(compileTemplate);
  return async (req, res, url) => {
    const method = (req.method ?? 'GET').toUpperCase();
    let path = url.pathname;
    let underEx = false;
    const ex = /^\/ex\/confluence\/([^/]+)(\/wiki\/.*)$/.exec(path);
    if (ex) {
      underEx = true;
      path = ex[2];
    }
    const family: Family = path.startsWith('/wiki/rest/') ? 'v1' : 'v2';
    const match = matchRoute(compiled, method, path);
    const route = match && 'route' in match ? match.route : null;
    const endpoint = route ? `${method} ${route.template}` : `${method} ${path}`;
    let who: Identity | null = null;
    let reply: Reply;
    let facts: RequestFacts | null = null;
    try {
      if (ex && ex[1] !== core.site.data.site.cloudId) throw notFound('Unknown cloudId');
      if (!match) throw notFound('No route matches this path');
      if (!route) throw new SimError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
      who = core.credentials.authenticate(req.headers.authorization, underEx);
      if (who.kind === 'user' && who.scopes && !route.scopes.some((s) => who?.kind === 'user' && who.scopes?.includes(s))) {
        // The API gateway's shape, not Confluence's.
        reply = { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } };
      } else {
        facts = { method, endpoint, path, accountId: who.accountId, isApp: who.kind === 'app' };
        reply = await run(core, route, facts, who, match && 'params' in match ? match.params : {}, url, req);
      }
    } catch (e) {
      reply = toErrorReply(e, family);
    }
    // Drain any unread body so the connection stays usable.
    if (!req.readableEnded) req.resume();
    // Confluence's clock, not the machine's: the simulator's may be stepped or skewed.
    reply = { ...reply, headers: { Date: new Date(core.clock.now()).toUTCString(), ...(reply.headers ?? {}) } };
    send(res, reply);
    core.log.record({ at: core.clock.now(), method, endpoint, path: url.pathname, query: url.search.replace(/^\?/, ''), identity: who?.accountId ?? 'anonymous', status: reply.status });
    if (route && facts && who && reply.status === 200) afterResponse(core, route, facts, match && 'params' in match ? match.params : {});
  };
}

async function run(
  core: SimulatorCore,
  route: ApiRoute,
  facts: RequestFacts,
  who: Identity,
  params: Record<string, string>,
  url: URL,
  req: IncomingMessage,
): Promise<Reply> {
  const slow = core.faults.take('latency', facts);
  if (slow) await delay(core, slow.ms);
  const canned = core.faults.take('status', facts);
  if (canned) {
    const headers = { ...(canned.status === 429 ? rateLimitHeaders(canned.retryAfter, core.clock.now()) : {}), ...(canned.headers ?? {}) };
    const message = canned.status === 429 ? 'Rate limit exceeded' : 'Injected server error';
    throw new SimError(canned.status, canned.status === 429 ? 'TOO_MANY_REQUESTS' : 'INTERNAL_SERVER_ERROR', message, headers);
  }
  const budget = core.faults.charge(facts, core.clock.now());
  if (budget.limited) throw new SimError(429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded', budget.headers);
  let parsed: unknown;
  let read = false;
  const reply = await route.handle({
    core,
    site: core.site,
    who,
    params,
    query: new Query(url.searchParams),
    req,
    body: async () => {
      if (!read) {
        parsed = parseJson(await readBody(req, core.maxBodyBytes));
        read = true;
      }
      return parsed;
    },
  });
  return { ...reply, headers: { ...budget.headers, ...(reply.headers ?? {}) } };
}

/** A concurrent edit lands after an app's GET of the page was answered, so its next PUT is stale. */
function afterResponse(core: SimulatorCore, route: ApiRoute, facts: RequestFacts, params: Record<string, string>): void {
  if (facts.method !== 'GET' || route.template !== '/wiki/api/v2/pages/{id}') return;
  const fault = core.faults.take('concurrentEdit', facts, (f) => f.pageId === params.id);
  if (!fault) return;
  const page = core.site.page(params.id);
  if (!page) return;
  const other = core.site.data.users.find((u) => u.accountId !== facts.accountId)?.accountId ?? page.authorId;
  const v = latest(page);
  core.site.updatePage({
    actorId: fault.byAccountId ?? (page.authorId !== facts.accountId ? page.authorId : other),
    id: page.id,
    body: `${v.body}<p>Concurrent edit at ${new Date(core.clock.now()).toISOString()}</p>`,
    message: 'concurrent edit (simulator fault)',
  });
}

export function toErrorReply(e: unknown, family: Family): Reply {
  if (e instanceof SimError) return { status: e.status, body: errorBody(family, e.status, e.code, e.message), headers: e.headers };
  const message = e instanceof Error ? e.message : String(e);
  return { status: 500, body: errorBody(family, 500, 'INTERNAL_SERVER_ERROR', `Simulator error: ${message}`) };
}
