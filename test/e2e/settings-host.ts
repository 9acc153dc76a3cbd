/**
 * Helpers for the settings pages' browser tests: an up-to-date build of the two apps, the Custom UI host on a
 * loopback port with a given resolver implementation, and headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createUiHandler, type InvokeResolverFn, type UiSite } from '../../sandbox/ui';

export const ROOT = join(__dirname, '..', '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, name) => (name === 'build' || name === 'node_modules' ? newest : Math.max(newest, newestMtime(join(path, name)))), info.mtimeMs);
}

/** Builds the named apps when their build is missing or older than their sources (or static/shared). */
export function ensureBuilt(apps: string[]): void {
  const stale = apps.filter((app) => {
    const index = join(ROOT, 'static', app, 'build', 'index.html');
    if (!existsSync(index)) return true;
    const built = statSync(index).mtimeMs;
    return newestMtime(join(ROOT, 'static', app)) > built || newestMtime(join(ROOT, 'static', 'shared')) > built;
  });
  if (stale.length === 0) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-ui.ts', ...stale], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 });
}

export interface UiHost {
  base: string;
  close(): Promise<void>;
}

/** The sandbox's Custom UI host with the real manifest, answering resolver calls with `invokeResolver`. */
export async function startUiHost(site: UiSite, invokeResolver: InvokeResolverFn): Promise<UiHost> {
  const handler = createUiHandler({ manifest: join(ROOT, 'manifest.yml'), rootDir: ROOT, site, invokeResolver });
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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** One `navigate` bridge call as the sandbox's host page recorded it: the payload as the app sent it, and where it went. */
export interface RecordedNavigation {
  requested: unknown;
  type: 'new-tab' | 'same-tab';
  url: string;
}

/**
 * The navigations the app asked the host page for in this tab, once there are `count` of them (router.open and
 * router.navigate both arrive as the bridge call `navigate`; the host keeps them in sessionStorage, so a same-tab
 * navigation does not lose them). Waits for the count, never for time.
 */
export async function navigationsOnceThere(page: Page, count: number): Promise<RecordedNavigation[]> {
  const key = 'librarian:navigations';
  await page.waitForFunction(({ key, count }) => (JSON.parse(sessionStorage.getItem(key) ?? '[]') as unknown[]).length >= count, { key, count });
  return page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? '[]') as RecordedNavigation[], key);
}
