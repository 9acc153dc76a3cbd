/**
 * The Confluence Cloud simulator: one site on a loopback HTTP server (`/wiki/...`, `/ex/confluence/{cloudId}/wiki/...`)
 * plus the `/__sim/` control API, an in-process `control` object mirroring it, and an in-process change feed
 * of Forge product events. Tests, benchmarks and `npm start` start it with `startSimulator`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { RealClock, type SandboxClock } from '../clock';
import { Control, controlHandler } from './control';
import { SimulatorCore } from './core';
import type { ProductEvent } from './events';
import { Site, type SiteData } from './model';
import { routes } from './routes';
import { apiHandler, send } from './server';
import type { SiteSeed } from './seed-types';

export type { ProductEvent } from './events';
export type { Control, PageSummary, CreatePageInput } from './control';
export type { FaultSpec, Fault, RateBudget, FaultMatch } from './faults';
export type { IssuedToken, IssueTokenRequest, TokenKind } from './auth';
export type { RequestCounts, RequestRecord } from './request-log';
export type { Identity } from './permissions';
export type { PageView, PageViewSection } from './page-view';
export type { CommentRecord, Notification } from './comments';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: SiteSeed;
  clock?: SandboxClock;
  /** How long a change takes to reach CQL search; default 5000 ms of sandbox-clock time. */
  indexLagMs?: number;
  /** JSON file the site is loaded from (if present) and saved to after changes: for `npm start`. */
  dataFile?: string;
  /** Request bodies above this are a 413; default 5 MiB. */
  maxBodyBytes?: number;
  /** The installed Forge app's own account id. */
  appAccountId?: string;
}

export interface Simulator {
  /** http://127.0.0.1:PORT, the site base; Confluence paths are under /wiki. */
  url: string;
  cloudId: string;
  appAccountId: string;
  control: Control;
  subscribe(listener: (event: ProductEvent) => void): () => void;
  close(): Promise<void>;
}

const EMPTY_SEED: SiteSeed = { site: { name: 'Simulated site', timeZone: 'UTC' }, users: [], groups: [], spaces: [], pages: [] };
const DEFAULT_APP_ACCOUNT = '557058:librarian-forge-app';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? new RealClock();
  const appAccountId = options.appAccountId ?? DEFAULT_APP_ACCOUNT;
  const core = new SimulatorCore(clock, options.indexLagMs ?? 5000, options.maxBodyBytes ?? 5 * 1024 * 1024);
  const dataFile = options.dataFile;
  if (dataFile && existsSync(dataFile)) {
    core.load(new Site(JSON.parse(readFileSync(dataFile, 'utf8')) as SiteData, clock));
  } else {
    core.load(Site.fromSeed(options.seed ?? EMPTY_SEED, clock, appAccountId));
  }
  const control = new Control(core, core.site.data.appAccountId);

  let saveTimer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (!dataFile) return;
    saveTimer = null;
    const tmp = `${dataFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(core.site.data));
    renameSync(tmp, dataFile);
  };
  if (dataFile) {
    const scheduleSave = (): void => {
      saveTimer ??= setTimeout(save, 200);
      saveTimer.unref();
    };
    core.onModelChange(scheduleSave);
    core.onDataChange(scheduleSave);
    if (!existsSync(dataFile)) save();
  }

  const api = apiHandler(core, routes);
  const ctl = controlHandler(control, core.maxBodyBytes);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handler = url.pathname.startsWith('/__sim/') ? ctl : api;
    handler(req, res, url).catch((e: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: e instanceof Error ? e.message : String(e) } });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  core.baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: core.baseUrl,
    get cloudId() {
      return core.site.data.site.cloudId;
    },
    appAccountId: core.site.data.appAccountId,
    control,
    subscribe: (listener) => core.feed.subscribe(listener),
    close: async () => {
      if (saveTimer) {
        clearTimeout(saveTimer);
        save();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
