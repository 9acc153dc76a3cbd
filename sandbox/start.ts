/**
 * `npm start`: the whole app on this machine. Starts the Confluence simulator with a demo site, installs the app
 * in the local Forge host (the real SDKs, the real handlers from src/index.ts), serves every Custom UI the way
 * Confluence shows it, the MCP endpoint and the sandbox control API, and, on a fresh data directory, creates a
 * demo Library over the demo site's spaces so there is something to ask.
 *
 *   npm start -- [--port 4000] [--data-dir .data] [--seed demo|scifact|synthetic:N|permissions[:N]] [--clock real|stepped[:ISO]]
 *              [--halt-at <key regex>@<n>]   (tests: freeze before the n-th matching storage write, to be SIGKILLed)
 *
 * Tests call `startSandbox()` with port 0, an in-memory data directory and a stepped clock.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import { RealClock, SteppedClock, type SandboxClock } from './clock';
import { startSimulator, type Simulator } from './confluence';
import type { SiteSeed } from './confluence/seed-types';
import { startForgeHost, simulatorConfluence, type ForgeHost, type ForgeHostOptions } from './forge';
import { createControlApi } from './forge/control-api';
import { createUiHandler } from './ui';
import { watchLibrariesReady } from './demo-ready';
import { createWebTriggerHandler } from './forge/webtrigger';

const ROOT = path.resolve(__dirname, '..');

export interface SandboxOptions {
  /** Port of the app server (UIs, MCP, control API); the simulator takes port + 1. 0 = free ports. */
  port?: number;
  /** Directory for the simulator's site file and the host's SQLite; ':memory:' keeps nothing. */
  dataDir?: string;
  /** A seed's name (see `loadSeed`), or a site itself (tests that need hostile or unusual content). */
  seed?: string | SiteSeed;
  clock?: SandboxClock;
  /** Create and sync the demo Library on a fresh start (default true). */
  bootstrap?: boolean;
  /** Deliver the simulator's page events to the app's trigger (default true); off, only the scan sees changes. */
  productEvents?: boolean;
  quiet?: boolean;
  /** The local Forge host's limits (e.g. lower KVS budgets in a test); merged over the clock's default. */
  limits?: ForgeHostOptions['limits'];
  /** Where invocation console lines go (tests capture them); overrides `quiet`. */
  logSink?: (line: string) => void;
  /** Sees every storage write before it lands, from the host's very first event on. */
  onKvsWrite?: ForgeHostOptions['onKvsWrite'];
}

export interface Sandbox {
  sim: Simulator;
  host: ForgeHost;
  clock: SandboxClock;
  seed: SiteSeed;
  urls: SandboxUrls;
  /** An agent token minted at start for the demo member (null without a demo Library), shown once by `npm start`. */
  agentToken: string | null;
  /** What `librarian ship` needs to send changes to the demo Library (a CI secret minted at start), or null. */
  ship: SandboxShip | null;
  close(): Promise<void>;
}

export interface SandboxShip {
  /** The `librarian-ship` web trigger: `<app>/public/<id>` (LIBRARIAN_SHIP_URL). */
  url: string;
  libraryId: string;
  /** The demo Library's CI secret, minted by this start (the previous start's is refused). */
  secret: string;
}

export interface SandboxUrls {
  confluence: string;
  app: string;
  /** The `librarian-agents` web trigger's URL (the CLI's `LIBRARIAN_URL`); MCP is at `<agents>/mcp`. */
  agents: string;
  mcp: string;
  control: string;
}

/** The web trigger of the agent endpoint, served like Forge serves it: `<app>/public/<id>`. */
const AGENTS_TRIGGER = 'librarian-agents';

function agentUrls(host: ForgeHost, app: string): { agents: string; mcp: string } {
  const agents = `${app}/public/${host.webTriggerId(AGENTS_TRIGGER) ?? 'none'}`;
  return { agents, mcp: `${agents}/mcp` };
}

export async function loadSeed(name: string): Promise<SiteSeed> {
  if (name === 'demo') return (await import('./confluence/demo')).demoSite();
  if (name === 'scifact') return (await import('./confluence/demo/scifact')).scifactSite();
  const synthetic = /^synthetic:(\d+)$/.exec(name);
  if (synthetic) return (await import('./confluence/demo/synthetic')).syntheticSite(Number(synthetic[1]));
  const permissions = /^permissions(?::(\d+))?$/.exec(name);
  if (permissions) return (await import('./confluence/demo/permission-world')).permissionWorld(permissions[1] ? Number(permissions[1]) : undefined).site;
  throw new Error(`Unknown seed "${name}": use demo, scifact, synthetic:N or permissions[:N]`);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? new RealClock();
  const seed = typeof options.seed === 'object' ? options.seed : await loadSeed(options.seed ?? 'demo');
  const memory = options.dataDir === undefined || options.dataDir === ':memory:';
  if (!memory) mkdirSync(options.dataDir!, { recursive: true });
  const port = options.port ?? 0;

  const sim = await startSimulator({
    port: port ? port + 1 : 0,
    seed,
    clock,
    ...(memory ? {} : { dataFile: path.join(options.dataDir!, 'confluence-site.json') }),
  });
  const host = await startForgeHost({
    manifestPath: path.join(ROOT, 'manifest.yml'),
    handlers: () => import('../src/index') as unknown as Promise<Record<string, unknown>>,
    dataDir: memory ? ':memory:' : path.join(options.dataDir!, 'forge'),
    clock,
    confluence: simulatorConfluence(sim),
    ...(options.productEvents === false ? {} : { simulator: sim }),
    installContext: { cloudId: sim.cloudId, siteUrl: sim.url },
    // On a stepped clock, Forge's per-minute storage quotas turn with that clock, so waiting them out is stepping.
    limits: { ...(clock instanceof SteppedClock ? { rateClock: 'host' as const } : {}), ...options.limits },
    ...(options.onKvsWrite ? { onKvsWrite: options.onKvsWrite } : {}),
    ...(options.logSink ? { logSink: options.logSink } : options.quiet ? { logSink: () => undefined } : {}),
  });

  const users = seed.users.map((user) => ({ email: user.email, displayName: user.displayName, accountId: user.accountId }));
  const pages = sim.control
    .pages()
    .filter((page) => page.status === 'current')
    .slice(0, 400)
    .map((page) => ({ id: page.id, title: page.title, spaceKey: page.spaceKey }));
  const spaces = seed.spaces.map((space) => ({ key: space.key, name: space.name }));

  const control = createControlApi(host);
  const ui = createUiHandler({
    manifest: path.join(ROOT, 'manifest.yml'),
    rootDir: ROOT,
    site: { users, spaces, pages },
    invokeResolver: (call) => host.invokeResolver(call),
    readPage: async (accountId, pageId) => sim.control.pageView(accountId, pageId),
    canRead: (accountId, pageId) => sim.control.canRead(accountId, pageId),
    // Macro settings live with the page, in its storage body, as on Confluence: they survive a restart.
    macroConfig: (contentId, moduleKey) => sim.control.macroConfig(contentId, moduleKey),
    saveMacroConfig: (contentId, moduleKey, config, accountId) => void sim.control.saveMacroConfig(contentId, moduleKey, config, accountId),
    pageProperty: (pageId, key) => sim.control.pageProperty(pageId, key),
    cloudId: sim.cloudId,
    siteUrl: sim.url,
  });
  const webTriggers = createWebTriggerHandler(host);

  const server = createServer((req, res) => void route(req, res, [control, webTriggers, ui]));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const app = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  host.setWebTriggerBase(app);

  if (options.bootstrap !== false && (await bootstrapDemoLibrary(host, seed)) && (options.seed ?? 'demo') === 'demo') await seedDemoProposals(host, sim, seed);
  const agentToken = options.bootstrap === false ? null : await mintSandboxToken(host, seed);
  const ship = options.bootstrap === false ? null : await mintCiSecret(host, seed);

  return {
    sim,
    host,
    clock,
    seed,
    urls: { confluence: `${sim.url}/wiki`, app, ...agentUrls(host, app), control: `${app}/__sandbox` },
    agentToken,
    ship,
    async close() {
      await closeServer(server);
      await host.close();
      await sim.close();
    },
  };
}

/** A second installation of the app in a running sandbox's host, against a simulated site of its own. */
export interface SandboxInstallation {
  sim: Simulator;
  host: ForgeHost;
  seed: SiteSeed;
  urls: Pick<SandboxUrls, 'confluence' | 'agents' | 'mcp'>;
  agentToken: string | null;
  ship: SandboxShip | null;
  close(): Promise<void>;
}

/**
 * Installs the app again in `sb`'s host, on another simulated site (its own cloud id), with a demo Library, an
 * agent token and a CI secret minted the way `startSandbox` mints them; its web triggers are served by the
 * same app server. Tests of isolation between installations use it.
 *
 * ```ts
 * const other = await addSandboxInstallation(sb, { installationId: 'second', seed: { ...seed, site: { ...seed.site, cloudId } } });
 * ```
 */
export async function addSandboxInstallation(sb: Sandbox, options: { installationId: string; seed: SiteSeed; productEvents?: boolean }): Promise<SandboxInstallation> {
  const sim = await startSimulator({ port: 0, seed: options.seed, clock: sb.clock });
  const host = await sb.host.addInstallation({
    installationId: options.installationId,
    cloudId: sim.cloudId,
    siteUrl: sim.url,
    confluence: simulatorConfluence(sim),
    ...(options.productEvents === false ? {} : { simulator: sim }),
  });
  await bootstrapDemoLibrary(host, options.seed);
  const agentToken = await mintSandboxToken(host, options.seed);
  const ship = await mintCiSecret(host, options.seed);
  return {
    sim,
    host,
    seed: options.seed,
    urls: { confluence: `${sim.url}/wiki`, ...agentUrls(host, sb.urls.app) },
    agentToken,
    ship,
    close: () => sim.close(),
  };
}

/** A real Confluence Cloud site to index from this machine instead of the simulator. */
export type RealSite =
  | { mode: 'site'; siteUrl: string; email: string; apiToken: string }
  | { mode: 'scoped'; cloudId: string; email: string; scopedToken: string };

/**
 * The same app and host against a real site (API token, or scoped token through api.atlassian.com): both `asApp()`
 * and `asUser()` act as that one person, so the index holds what they may read. No demo Library is created.
 */
export async function startRealSite(site: RealSite, options: { port?: number; dataDir: string }): Promise<{ urls: SandboxUrls; close(): Promise<void> }> {
  const base = site.mode === 'site' ? `${site.siteUrl.replace(/\/$/, '')}/wiki` : `https://api.atlassian.com/ex/confluence/${site.cloudId}/wiki`;
  const secret = site.mode === 'site' ? site.apiToken : site.scopedToken;
  const me = await fetch(`${base}/rest/api/user/current`, { headers: { Authorization: `Basic ${Buffer.from(`${site.email}:${secret}`).toString('base64')}`, Accept: 'application/json' } });
  if (!me.ok) throw new Error(`The site refused ${site.email}'s token (HTTP ${me.status}).`);
  const user = (await me.json()) as { accountId: string; displayName?: string };
  mkdirSync(options.dataDir, { recursive: true });
  const host = await startForgeHost({
    manifestPath: path.join(ROOT, 'manifest.yml'),
    handlers: () => import('../src/index') as unknown as Promise<Record<string, unknown>>,
    dataDir: path.join(options.dataDir, 'forge'),
    clock: new RealClock(),
    confluence: site,
    installContext: site.mode === 'site' ? { siteUrl: site.siteUrl } : { cloudId: site.cloudId },
  });
  const ui = createUiHandler({
    manifest: path.join(ROOT, 'manifest.yml'),
    rootDir: ROOT,
    site: { users: [{ email: site.email, displayName: user.displayName ?? site.email, accountId: user.accountId }], spaces: [], pages: [] },
    invokeResolver: (call) => host.invokeResolver(call),
    ...(site.mode === 'site' ? { siteUrl: site.siteUrl } : {}),
  });
  const server = createServer((req, res) => void route(req, res, [createControlApi(host), createWebTriggerHandler(host), ui]));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const app = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;
  host.setWebTriggerBase(app);
  return {
    urls: { confluence: base, app, ...agentUrls(host, app), control: `${app}/__sandbox` },
    async close() {
      await closeServer(server);
      await host.close();
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, handlers: Array<(req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>>) {
  try {
    for (const handler of handlers) if (await handler(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  } catch (error) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(error instanceof Error ? error.message : 'Internal error');
  }
}

/**
 * On a fresh install, the site admin creates a Library, connects Confluence with the app account and selects
 * every indexable space: through the same resolver the settings page calls, so `npm start` shows the real path.
 */
async function bootstrapDemoLibrary(host: ForgeHost, seed: SiteSeed): Promise<boolean> {
  const admin = seed.users.find((user) => user.siteAdmin);
  if (!admin) return false;
  const call = (functionKey: string, payload?: unknown) =>
    host.invokeResolver({ moduleKey: 'librarian-settings', functionKey, payload: payload ?? {}, accountId: admin.accountId }) as Promise<Record<string, unknown>>;
  const listed = (await call('listLibraries')) as { libraries?: unknown[]; error?: unknown };
  if (!listed.libraries || listed.libraries.length) return false;
  const created = (await call('createLibrary', { name: `${seed.site.name} Library` })) as { library?: { id: string } };
  const libraryId = created.library?.id;
  if (!libraryId) return false;
  await call('connectSource', { libraryId, identity: 'app' });
  const choices = (await call('listSpaceChoices', { libraryId })) as { spaces?: Array<{ id: string; notIndexable?: string }> };
  const spaceIds = (choices.spaces ?? []).filter((space) => !space.notIndexable).map((space) => space.id);
  if (spaceIds.length) await call('selectSpaces', { libraryId, spaceIds });
  return true;
}

/**
 * A few pending proposals on the demo site, made the way an agent makes them (the propose-update action, as the
 * admin), so Review has something to show: a code block, a section and a sentence, with a reason and a link.
 */
async function seedDemoProposals(host: ForgeHost, sim: Simulator, seed: SiteSeed): Promise<void> {
  const admin = seed.users.find((user) => user.siteAdmin);
  if (!admin) return;
  const idOf = (title: string) => sim.control.pages().find((page) => page.title === title && page.status === 'current')?.id;
  const proposals = [
    {
      title: 'Running the Stack Locally with Docker Compose',
      change: 'The Makefile target was renamed from `make up` to `make dev` in acme/workspace#812; the seed step now runs on its own.',
      target: 'make up            # docker compose up -d, then waits for health checks',
      replacement: 'make dev           # docker compose up -d, waits for health checks, then seeds',
      link: 'https://github.com/acme/workspace/pull/812',
    },
    {
      title: 'Running the Stack Locally with Docker Compose',
      change: 'Local test accounts moved to the shared fixtures package; the password is no longer a constant.',
      section: 'Test users',
      replacement: 'Sign in as `dev@acme.test`. The password is printed by `make seed`; these accounts exist only in the local fixtures.\n\n> [!WARNING]\n> Never reuse the local fixtures on a shared environment.',
      link: 'https://github.com/acme/workspace/commit/4be1c07',
    },
    {
      title: 'SDK Guide: getUserById and friends',
      change: 'SDK 5 ships today: the install line should pin the new major.',
      target: 'npm install @acme/workspace-sdk@4',
      replacement: 'npm install @acme/workspace-sdk@5',
      link: 'https://github.com/acme/workspace-sdk/releases/tag/v5.0.0',
    },
  ];
  for (const { title, ...input } of proposals) {
    const pageId = idOf(title);
    if (!pageId) continue;
    const result = (await host.invokeAction('propose-update', { pageId, ...input }, admin.accountId).catch((error: unknown) => ({ ok: false, error }))) as { ok?: boolean; error?: unknown };
    if (!result?.ok) console.warn(`demo proposal for "${title}" was not created: ${JSON.stringify(result?.error ?? result)}`);
  }
}

/**
 * Mints an agent token for the demo member through the tokens page's resolver (the path a person takes), so
 * `npm start` can print the line that points the CLI at the sandbox. Earlier start-up tokens are revoked first.
 */
async function mintSandboxToken(host: ForgeHost, seed: SiteSeed): Promise<string | null> {
  const member = seed.users.find((user) => user.email === 'member@example.com') ?? seed.users.find((user) => !user.siteAdmin);
  if (!member) return null;
  const call = (functionKey: string, payload?: unknown) =>
    host.invokeResolver({ moduleKey: 'librarian-agent-tokens', functionKey, payload: payload ?? {}, accountId: member.accountId }) as Promise<Record<string, unknown>>;
  const access = (await call('getAgentAccess')) as { libraries?: Array<{ id: string }>; tokens?: Array<{ id: string; name: string; state: string }> };
  const libraryId = access.libraries?.[0]?.id;
  if (!libraryId) return null;
  for (const token of access.tokens ?? []) if (token.name === 'npm start' && token.state === 'active') await call('revokeToken', { tokenId: token.id });
  const minted = (await call('createToken', { libraryId, name: 'npm start', days: 30 })) as { token?: string };
  return minted.token ?? null;
}

/**
 * Creates a fresh CI secret for the demo Library through the settings page's resolver, as the site admin (the
 * path an admin takes), so `npm start` can print how to run `librarian ship` against the sandbox.
 */
async function mintCiSecret(host: ForgeHost, seed: SiteSeed): Promise<SandboxShip | null> {
  const admin = seed.users.find((user) => user.siteAdmin);
  if (!admin) return null;
  const call = (functionKey: string, payload?: unknown) =>
    host.invokeResolver({ moduleKey: 'librarian-settings', functionKey, payload: payload ?? {}, accountId: admin.accountId }) as Promise<Record<string, unknown>>;
  const listed = (await call('listLibraries')) as { libraries?: Array<{ library: { id: string } }> };
  const libraryId = listed.libraries?.[0]?.library.id;
  if (!libraryId) return null;
  const minted = (await call('rotateCiSecret', { libraryId })) as { secret?: string; shipUrl?: string };
  return minted.secret && minted.shipUrl ? { url: minted.shipUrl, libraryId, secret: minted.secret } : null;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

type CliOptions = SandboxOptions & { clockKind: string; site?: string; email?: string; token?: string; scopedToken?: string; cloudId?: string; haltAt?: string };

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: 4000, dataDir: path.join(ROOT, '.data'), seed: 'demo', clockKind: 'real' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--port') options.port = Number(value());
    else if (flag === '--data-dir') options.dataDir = path.resolve(value());
    else if (flag === '--seed') options.seed = value();
    else if (flag === '--clock') options.clockKind = value();
    else if (flag === '--site') options.site = value();
    else if (flag === '--email') options.email = value();
    else if (flag === '--token') options.token = value();
    else if (flag === '--scoped-token') options.scopedToken = value();
    else if (flag === '--cloud-id') options.cloudId = value();
    else if (flag === '--halt-at') options.haltAt = value();
    else if (flag === '--help' || flag === '-h') {
      console.log('npm start -- [--port 4000] [--data-dir .data] [--seed demo|scifact|synthetic:N|permissions[:N]] [--clock real|stepped]');
      console.log('            [--site https://x.atlassian.net --email E --token T | --cloud-id ID --email E --scoped-token T]');
      process.exit(0);
    } else throw new Error(`Unknown option ${flag}`);
  }
  if (!Number.isInteger(options.port) || options.port! < 0 || options.port! > 65534) throw new Error('--port takes a port number');
  return options;
}

/** `--clock real`, `--clock stepped` (starting now) or `--clock stepped:2026-03-01T09:00:00Z` (a chosen start, for tests). */
function clockFor(kind: string): SandboxClock {
  if (kind === 'real') return new RealClock();
  if (kind === 'stepped') return new SteppedClock(Date.now());
  const at = /^stepped:(.+)$/.exec(kind);
  if (at && Number.isFinite(Date.parse(at[1]))) return new SteppedClock(Date.parse(at[1]));
  throw new Error('--clock takes real, stepped or stepped:<ISO time>');
}

/**
 * `--halt-at <regex>@<n>` (tests of a killed host): at the n-th storage write touching a key that matches, before
 * it lands, prints `HALTED <key>` and freezes the process (the event loop blocks), so the test can SIGKILL it
 * at exactly that point. Exits by itself after two minutes if nobody does.
 */
function haltAtWrite(spec: string): NonNullable<ForgeHostOptions['onKvsWrite']> {
  const at = /^(.*)@(\d+)$/.exec(spec);
  if (!at) throw new Error('--halt-at takes <key regex>@<n>');
  const pattern = new RegExp(at[1]);
  let left = Number(at[2]);
  return (facts) => {
    const key = facts.keys.find((k) => pattern.test(k));
    if (key === undefined || --left > 0) return;
    writeSync(1, `HALTED ${key}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
    process.exit(70);
  };
}

/** Builds the Custom UIs that have no build yet (a fresh clone), so `npm start` needs no other step. */
async function buildMissingUis(): Promise<void> {
  const { buildUiApps, listUiApps } = await import('../scripts/build-ui');
  const missing = listUiApps().filter((name) => !existsSync(path.join(ROOT, 'static', name, 'build', 'index.html')));
  if (!missing.length) return;
  console.log(`building ${missing.join(', ')}...`);
  await buildUiApps(missing);
}

/** The real site named on the command line, if any; the token is taken from the environment when not given. */
function realSite(options: CliOptions): RealSite | undefined {
  const email = options.email;
  if (options.site) {
    const apiToken = options.token ?? process.env.CONFLUENCE_API_TOKEN;
    if (!email || !apiToken) throw new Error('--site needs --email and --token (or CONFLUENCE_API_TOKEN)');
    return { mode: 'site', siteUrl: options.site, email, apiToken };
  }
  if (options.scopedToken || options.cloudId) {
    const scopedToken = options.scopedToken ?? process.env.CONFLUENCE_SCOPED_TOKEN;
    if (!email || !scopedToken || !options.cloudId) throw new Error('a scoped token needs --cloud-id, --email and --scoped-token');
    return { mode: 'scoped', cloudId: options.cloudId, email, scopedToken };
  }
  return undefined;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  await buildMissingUis();
  const site = realSite(options);
  if (site) {
    const running = await startRealSite(site, { port: options.port, dataDir: options.dataDir ?? path.join(ROOT, '.data') });
    for (const [name, url] of Object.entries(running.urls)) console.log(`${name}: ${url}`);
    const stop = () => void running.close().then(() => process.exit(0), () => process.exit(1));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  const clock = clockFor(options.clockKind);
  const sandbox = await startSandbox({ ...options, clock, quiet: true, ...(options.haltAt ? { onKvsWrite: haltAtWrite(options.haltAt) } : {}) });
  console.log(`confluence: ${sandbox.urls.confluence}`);
  console.log(`app: ${sandbox.urls.app}`);
  console.log(`mcp: ${sandbox.urls.mcp}`);
  console.log(`control: ${sandbox.urls.control}`);
  if (sandbox.agentToken) {
    console.log('Point the librarian CLI at the sandbox (as member@example.com; token shown once):');
    console.log(`  LIBRARIAN_URL=${sandbox.urls.agents} LIBRARIAN_TOKEN=${sandbox.agentToken} npx librarian login`);
  }
  if (sandbox.ship) {
    console.log('Ship code changes to the demo Library (CI secret minted by this start; rotate it on the settings page):');
    console.log('  npx tsx test/fixtures/ship-repo/build.ts /tmp/acme-search   # the demo repository, 32 labelled commits');
    console.log(`  cd /tmp/acme-search && LIBRARIAN_SHIP_URL=${sandbox.ship.url} LIBRARIAN_LIBRARY=${sandbox.ship.libraryId} LIBRARIAN_CI_SECRET=${sandbox.ship.secret} \\`);
    console.log(`    node ${path.join(ROOT, 'cli', 'librarian.js')} ship --head "$(git log --format=%H --grep='to --parallel' -1)"`);
    console.log('  then open the runbook page\'s byline (or the SRE space\'s Review page) to approve the proposal');
  }
  console.log('Sign in on the app page as admin@example.com (site admin) or member@example.com. Ctrl-C stops.');
  const admin = sandbox.seed.users.find((user) => user.siteAdmin);
  if (admin) console.log('indexing the demo Library... (a line says when it is ready to ask)');
  const ready = admin ? watchLibrariesReady(sandbox.host, admin.accountId, (line) => console.log(line), { appUrl: sandbox.urls.app }) : undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    ready?.stop();
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
