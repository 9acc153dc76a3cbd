/**
 * `npm run build`: builds every Custom UI app in static/<name> (a folder with an index.html) into
 * static/<name>/build with vite's JS API. Asset URLs are relative (`base: './'`) because Forge serves a resource
 * from an unknown path inside the product's iframe.
 *
 * Usage: tsx scripts/build-ui.ts [name ...]   (no names: every app)
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const STATIC_DIR = resolve(__dirname, '..', 'static');

/**
 * vite and its React plugin are ESM-only and publish types only through `exports`, which this project's
 * node10 resolution cannot see; a dynamic import by name loads them from CommonJS without their types.
 */
function importEsm(name: string): Promise<unknown> {
  return import(name);
}

/** The UI apps under static/: every folder holding an index.html (static/shared holds none). */
export function listUiApps(staticDir = STATIC_DIR): string[] {
  return readdirSync(staticDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(staticDir, entry.name, 'index.html')))
    .map((entry) => entry.name)
    .sort();
}

/** Builds the named apps one after another (CI has two cores; parallel builds only contend). */
export async function buildUiApps(names: string[], staticDir = STATIC_DIR): Promise<Array<{ name: string; seconds: number }>> {
  // vite follows an inherited NODE_ENV (jest sets `test`), which would bundle React's development build.
  process.env.NODE_ENV = 'production';
  const { build } = (await importEsm('vite')) as { build(config: Record<string, unknown>): Promise<unknown> };
  const { default: react } = (await importEsm('@vitejs/plugin-react')) as { default: () => unknown };
  const timings: Array<{ name: string; seconds: number }> = [];
  for (const name of names) {
    const root = join(staticDir, name);
    if (!existsSync(join(root, 'index.html'))) throw new Error(`static/${name} has no index.html`);
    const started = performance.now();
    await build({
      root,
      base: './',
      mode: 'production',
      configFile: false,
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir: 'build', emptyOutDir: true, sourcemap: false },
    });
    timings.push({ name, seconds: (performance.now() - started) / 1000 });
  }
  return timings;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const names = requested.length > 0 ? requested : listUiApps();
  const started = performance.now();
  for (const { name, seconds } of await buildUiApps(names)) {
    console.log(`built static/${name}/build in ${seconds.toFixed(1)} s`);
  }
  console.log(`UI build: ${names.length} app(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
