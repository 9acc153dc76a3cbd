import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createUiHandler, type InvokeResolverFn, type UiSite } from '../../../sandbox/ui';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const APPS = ['ask', 'ask-config'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'build' || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the Ask apps when their build is missing or older than their sources (or the shared code they use). */
export function buildAskApps(): void {
  const shared = newestSource(join(ROOT, 'static', 'shared'));
  const stale = APPS.filter((name) => {
    const built = join(ROOT, 'static', name, 'build', 'index.html');
    return !existsSync(built) || statSync(built).mtimeMs < Math.max(shared, newestSource(join(ROOT, 'static', name)));
  });
  if (stale.length === 0) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-ui.ts', ...stale], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 });
}

/**
 * The real manifest.yml, with the Ask macro's custom configuration added when the manifest does not have it yet
 * (the lines the README asks for), so the settings modal can be driven.
 */
export function manifestWithAskConfig(): Record<string, unknown> {
  const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as {
    modules: Record<string, Array<Record<string, unknown>>>;
    resources: Array<{ key: string; path: string }>;
  };
  const macro = manifest.modules.macro?.find((m) => m.key === 'librarian-ask');
  if (!macro) throw new Error('manifest.yml has no librarian-ask macro');
  macro.config ??= { resource: 'ask-config', title: 'Ask Librarian settings', viewportSize: 'medium' };
  if (!manifest.resources.some((r) => r.key === 'ask-config')) manifest.resources.push({ key: 'ask-config', path: 'static/ask-config/build' });
  return manifest;
}

export interface AskUiHost {
  base: string;
  close(): Promise<void>;
}

/** Serves the UI host on a free local port with the given resolver and site. */
export async function startAskUiHost(options: {
  site: UiSite;
  invokeResolver: InvokeResolverFn;
  macroConfig?: (contentId: string) => Record<string, unknown> | undefined;
}): Promise<AskUiHost> {
  const handler = createUiHandler({
    manifest: manifestWithAskConfig(),
    rootDir: ROOT,
    site: options.site,
    invokeResolver: options.invokeResolver,
    macroConfig: options.macroConfig,
  });
  const server: Server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
