/**
 * The host's control API over HTTP, for `npm start`, browser tests and scripts. Mount the returned handler
 * on any node:http server; it answers `/__sandbox/...` and returns false for every other path.
 *
 *   POST /__sandbox/clock/advance       {"ms": 300000}          -> {"now": <epoch ms>}  (SteppedClock only)
 *   POST /__sandbox/triggers/{key}/run                           -> {"ran": key}
 *   POST /__sandbox/drain               {"timeoutMs"?, "advanceClock"?} -> {"delayedPending": n}
 *   GET  /__sandbox/queues                                       -> {"queues": [...], "failed": [...]}
 *   GET  /__sandbox/invocations?limit=N                          -> {"invocations": [...]} newest last
 *
 * Forge LLM (the model stand-in, sandbox/forge/llm): unscripted, it answers with the first sentence of source [1]
 * of the app's prompt followed by " [1]". Script what the next chat requests get, one reply each, in order:
 *   POST /__sandbox/llm/script          {"replies": [{"text": "..."}, {"status": 429, "code"?: "..."}, {"delayMs": 20000}]}
 *                                                                -> {"pending": n}
 *   GET  /__sandbox/llm/requests                                 -> {"requests": [{model, messages, status, ...}]}
 *   POST /__sandbox/llm/reset                                    -> {"reset": true}  (queue and request log)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SteppedClock } from '../clock';
import { parseScriptedReply } from './llm';
import type { ForgeHost } from './index';

const MAX_BODY_BYTES = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

export type ControlApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function createControlApi(host: ForgeHost): ControlApiHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (!url.pathname.startsWith('/__sandbox/')) return false;
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    try {
      if (route === 'POST /__sandbox/clock/advance') {
        const body = await readBody(req);
        const ms = Number(body.ms);
        if (!(host.clock instanceof SteppedClock)) return send(res, 409, { error: 'the host runs on a real clock' }), true;
        if (!Number.isFinite(ms) || ms < 0) return send(res, 400, { error: 'ms must be a non-negative number' }), true;
        send(res, 200, { now: host.clock.advance(ms) });
        return true;
      }
      const trigger = /^POST \/__sandbox\/triggers\/([^/]+)\/run$/.exec(route);
      if (trigger) {
        const key = decodeURIComponent(trigger[1]);
        if (!host.manifest.scheduledTriggers.some((t) => t.key === key)) return send(res, 404, { error: `no scheduledTrigger ${key}` }), true;
        await host.runScheduledTrigger(key);
        send(res, 200, { ran: key });
        return true;
      }
      if (route === 'POST /__sandbox/drain') {
        const body = await readBody(req);
        const result = await host.drain({
          timeoutMs: typeof body.timeoutMs === 'number' ? body.timeoutMs : undefined,
          advanceClock: body.advanceClock === true,
        });
        send(res, 200, result);
        return true;
      }
      if (route === 'GET /__sandbox/queues') {
        send(res, 200, { queues: host.queueDepth(), failed: host.failedEvents() });
        return true;
      }
      if (route === 'GET /__sandbox/invocations') {
        const limit = Number(url.searchParams.get('limit') ?? 100);
        const all = host.invocations();
        send(res, 200, { invocations: all.slice(Math.max(0, all.length - (Number.isFinite(limit) ? limit : 100))) });
        return true;
      }
      if (route === 'POST /__sandbox/llm/script') {
        const body = await readBody(req);
        if (!Array.isArray(body.replies)) return send(res, 400, { error: 'replies must be an array' }), true;
        let replies;
        try {
          replies = body.replies.map(parseScriptedReply);
        } catch (e) {
          return send(res, 400, { error: e instanceof Error ? e.message : String(e) }), true;
        }
        host.llm.script(...replies);
        send(res, 200, { pending: host.llm.pending() });
        return true;
      }
      if (route === 'GET /__sandbox/llm/requests') {
        send(res, 200, { requests: host.llm.requests() });
        return true;
      }
      if (route === 'POST /__sandbox/llm/reset') {
        host.llm.reset();
        send(res, 200, { reset: true });
        return true;
      }
      send(res, 404, { error: `unknown control route ${route}` });
      return true;
    } catch (e) {
      send(res, 500, { error: e instanceof Error ? e.message : String(e) });
      return true;
    }
  };
}
