/**
 * `npm run bench [-- name ...]`: runs every bench/figures/*.ts module (or only the named ones), prints each
 * figure and writes bench/results.json. With names, figures from modules not run are kept from the last file.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Figure, FigureModule } from './figure';

async function main(): Promise<void> {
  const dir = join(__dirname, 'figures');
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const modules = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => basename(f, '.ts'))
    .filter((name) => wanted.length === 0 || wanted.includes(name))
    .sort();
  const resultsPath = join(__dirname, 'results.json');
  const previous: Figure[] = wanted.length > 0 && existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Figure[]) : [];
  const fresh: Figure[] = [];
  for (const name of modules) {
    const loaded = (await import(join(dir, `${name}.ts`))) as { default: FigureModule };
    console.log(`== ${name}`);
    for (const figure of await loaded.default()) {
      fresh.push(figure);
      const vs = figure.vs ? `   (${figure.vs.name}: ${figure.vs.value} ${figure.unit})` : '';
      console.log(`${figure.figure} = ${figure.value} ${figure.unit}${vs}`);
    }
  }
  const names = new Set(fresh.map((f) => f.figure));
  const results = [...previous.filter((f) => !names.has(f.figure)), ...fresh];
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${results.length} figures to bench/results.json`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
