/** Starting a simulator on the fixture site and calling it as a given identity. */
import { SteppedClock } from '../../../sandbox/clock';
import { startSimulator, type Simulator } from '../../../sandbox/confluence';
import { ConfluenceClient } from '../../../src/core/confluence';
import type { ConfluenceTransport } from '../../../src/core/ports';
import { fixtureSeed } from './fixture';

export interface Harness {
  sim: Simulator;
  clock: SteppedClock;
  appToken: string;
}

export async function startFixture(indexLagMs = 5000): Promise<Harness> {
  const clock = new SteppedClock('2026-03-01T09:00:00Z');
  const sim = await startSimulator({ seed: fixtureSeed(), clock, indexLagMs });
  const appToken = sim.control.issueToken({ kind: 'app' }).token;
  return { sim, clock, appToken };
}

export const basic = (who: { email: string; apiToken: string }): string => `Basic ${Buffer.from(`${who.email}:${who.apiToken}`).toString('base64')}`;
export const bearer = (token: string): string => `Bearer ${token}`;

/**
 * The product's Confluence client talking to the harness's simulator over HTTP, as a person (Basic) or as the app.
 *
 * @example
 * const asAdmin = simulatorClient(h, ADMIN); const asApp = simulatorClient(h, 'app');
 */
export function simulatorClient(h: Harness, who: { email: string; apiToken: string } | 'app'): ConfluenceClient {
  const auth = who === 'app' ? `Bearer ${h.appToken}` : basic(who);
  const transport: ConfluenceTransport = {
    async request(_identity, path, init = {}) {
      const res = await fetch(`${h.sim.url}${path}`, { method: init.method ?? 'GET', headers: { ...(init.headers ?? {}), Authorization: auth }, body: init.body });
      return { status: res.status, headers: res.headers, text: () => res.text() };
    },
  };
  return ConfluenceClient.create(transport, who === 'app' ? 'app' : 'user');
}

export interface Got {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(sim: Simulator, auth: string | null, path: string, init: { method?: string; body?: unknown; rawBody?: string } = {}): Promise<Got> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (auth) headers.Authorization = auth;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const idOf = (sim: Simulator, title: string): string => {
  const page = sim.control.findPage(title);
  if (!page) throw new Error(`no page titled ${title}`);
  return page.id;
};
