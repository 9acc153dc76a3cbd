/**
 * `npm run bench [-- name ...]`: runs every bench/figures/*.ts module (or only the named ones), prints each
 * figure and writes bench/results.json. With names, figures from modules not run are kept from the last file.
 * A figure that is not a finite number stops the run with its name, and nothing is written.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { assertFinite, type Figure, type FigureModule } from './figure';

/**
 * Modules too slow for every run: included when named, or when their environment variable is set. When skipped,
 * their last figures (matched by name) stay in results.json.
 */
const OPT_IN: Record<string, { env: string; figures: RegExp }> = {
  'index-scale': { env: 'BENCH_INDEX_SCALE', figures: /_(100k|10k)(_|$)/ },
};

async function main(): Promise<void> {
  const dir = join(__dirname, 'figures');
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const modules = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => basename(f, '.ts'))
    .filter((name) => (wanted.length === 0 ? !OPT_IN[name] || process.env[OPT_IN[name].env] === '1' : wanted.includes(name)))
    .sort();
  const resultsPath = join(__dirname, 'results.json');
  const fresh: Figure[] = [];
  for (const name of modules) {
    const loaded = (await import(join(dir, `${name}.ts`))) as { default: FigureModule };
    console.log(`== ${name}`);
    for (const figure of await loaded.default()) {
      assertFinite(figure, name);
      fresh.push(figure);
      const vs = figure.vs ? `   (${figure.vs.name}: ${figure.vs.value} ${figure.unit})` : '';
      console.log(`${figure.figure} = ${figure.value} ${figure.unit}${vs}`);
    }
  }
  const names = new Set(fresh.map((f) => f.figure));
  // Read the file again: another run (e.g. the slow index-scale one) may have written figures since this one began.
  const onFile: Figure[] = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Figure[]) : [];
  const skipped = Object.entries(OPT_IN).filter(([name]) => !modules.includes(name)).map(([, o]) => o.figures);
  const kept = wanted.length > 0 ? onFile : onFile.filter((f) => skipped.some((re) => re.test(f.figure)));
  const results = [...kept.filter((f) => !names.has(f.figure)), ...fresh];
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${results.length} figures to bench/results.json`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
