/**
 * Tells the person who ran `npm start` when the demo Library can answer: the first time every selected space of
 * every Library is indexed, one line, read through the same settings resolver the admin page calls.
 *
 * @example
 *   watchLibrariesReady(sandbox.host, adminAccountId, console.log, { appUrl: sandbox.urls.app });
 */
import type { ForgeHost } from './forge';

interface Listed {
  libraries?: Array<{ library: { name: string }; status: { spaces: Array<{ phase: string; pagesIndexed: number }> } }>;
}

/** The ready line, or undefined while a space is still syncing (or there is no Library, or no space yet). */
export async function librariesReadyLine(host: ForgeHost, adminAccountId: string, appUrl: string): Promise<string | undefined> {
  const listed = (await host.invokeResolver({ moduleKey: 'librarian-settings', functionKey: 'listLibraries', payload: {}, accountId: adminAccountId })) as Listed;
  const libraries = listed.libraries ?? [];
  if (libraries.length === 0) return undefined;
  const spaces = libraries.flatMap((entry) => entry.status.spaces);
  if (spaces.length === 0 || spaces.some((space) => space.phase !== 'ready')) return undefined;
  const pages = spaces.reduce((n, space) => n + space.pagesIndexed, 0);
  const names = libraries.map((entry) => `"${entry.library.name}"`).join(', ');
  return `ready: ${names} indexed (${pages.toLocaleString('en-US')} pages); ask it on any page with the Ask macro: ${appUrl}/`;
}

/** Polls until the line can be printed, prints it once, and stops; `stop()` ends it early (on shutdown). */
export function watchLibrariesReady(host: ForgeHost, adminAccountId: string, print: (line: string) => void, options: { appUrl: string; intervalMs?: number }): { done: Promise<void>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const check = async (): Promise<void> => {
    if (stopped) return;
    const line = await librariesReadyLine(host, adminAccountId, options.appUrl).catch(() => undefined);
    if (stopped) return;
    if (line) {
      print(line);
      stopped = true;
      finish();
      return;
    }
    timer = setTimeout(() => void check(), options.intervalMs ?? 2000);
    timer.unref();
  };
  void check();
  return {
    done,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      finish();
    },
  };
}
