/**
 * Web triggers as Forge serves them: `POST https://<id>.webtrigger.atlassian.app/public/<id>/<user path>` becomes
 * one invocation of the module's function with the request as JSON (`method`, `path`, `userPath`, `headers` as
 * arrays of strings, `body` as a string, `queryParameters`), and the function's `{statusCode, headers, body}`
 * becomes the HTTP response (developer.atlassian.com/platform/forge/events-reference/web-trigger/). Forge does
 * not authenticate the URL and passes no user. Here the URL is `<host>/public/<id>/...`.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface WebTriggerRequest {
  method: string;
  path: string;
  userPath: string;
  headers: Record<string, string[]>;
  body: string;
  queryParameters: Record<string, string[]>;
}

export interface WebTriggerResponse {
  statusCode: number;
  headers?: Record<string, string[] | string>;
  body?: string;
}

/**
 * The URL id of a module: a UUID-shaped hash of app, installation and key, the same across restarts. Forge gives
 * each installation its own web trigger URLs (`webTrigger.getUrl` answers per installation), so two installations
 * of one app never share one.
 */
export function webTriggerIdOf(appId: string, moduleKey: string, installationId: string): string {
  const h = createHash('sha256').update(`${appId}\u0000${installationId}\u0000${moduleKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Forge's invocation payload limit applies to web trigger requests too. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

interface WebTriggerHost {
  manifest: { webTriggers: Array<{ key: string }> };
  webTriggerId(moduleKey: string): string | undefined;
  invokeWebTrigger(moduleKey: string, request: WebTriggerRequest): Promise<WebTriggerResponse>;
  /** Every installation the host runs (itself first); each answers only its own ids. */
  installations?(): WebTriggerHost[];
}

/**
 * An HTTP handler serving every `webtrigger` module of the host's manifest under `/public/<id>`, for each of the
 * host's installations (installations added later included): an id routes to the installation it belongs to.
 */
export function createWebTriggerHandler(host: WebTriggerHost) {
  const routeOf = (id: string): { target: WebTriggerHost; key: string } | undefined => {
    for (const target of host.installations?.() ?? [host]) {
      const trigger = target.manifest.webTriggers.find((t) => target.webTriggerId(t.key) === id);
      if (trigger) return { target, key: trigger.key };
    }
    return undefined;
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const match = /^\/public\/([0-9a-f-]{36})(\/.*)?$/.exec(url.pathname);
    const route = match ? routeOf(match[1]!) : undefined;
    if (!match || !route) return false;
    const { target, key } = route;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('Payload too large');
        return true;
      }
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string[]> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) (headers[req.rawHeaders[i]!] ??= []).push(req.rawHeaders[i + 1]!);
    const queryParameters: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) (queryParameters[name] ??= []).push(value);
    const response = await target.invokeWebTrigger(key, {
      method: req.method ?? 'GET',
      path: url.pathname,
      userPath: match[2] ?? '',
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      queryParameters,
    });
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) out[name] = Array.isArray(value) ? value.join(', ') : value;
    res.writeHead(response.statusCode, out);
    res.end(response.body ?? '');
    return true;
  };
}
