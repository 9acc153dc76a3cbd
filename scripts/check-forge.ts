/**
 * `npm run check:forge` (part of `npm test`): the offline Forge platform checks.
 *   (a) manifest  - @forge/manifest's validate() plus its event and agent scope validators;
 *   (b) forge-lint - the client-side linters of @forge/lint (permission, handler, timeout, llm...) over src and static;
 *   (c) scopes    - manifest scopes equal the scopes the code uses (requiredScopes() of the Confluence client,
 *                   product events, platform APIs), both ways;
 *   (d) handlers/resources - every manifest handler is exported by src/index.ts; every resource has its UI source.
 * Resource folders must exist for (a), so missing UI builds are built first (`--no-build` turns that off).
 * Prints a report and exits non-zero on any error. Needs no network and no `forge login`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { validateManifest, loadEventScopeMapping } from './forge-checks/manifest-validation';
import { runForgeLint, type EndpointProbe } from './forge-checks/forge-lint';
import { compareScopes, scopesForClientCalls, scopesForEvents, scopesForPlatformApis, uncalledClientMethods } from './forge-checks/scopes';
import { checkConsumerTimeouts, checkHandlerExports, checkResourceSources, manifestHandlers } from './forge-checks/app-shape';
import { INVOCATION_LIMITS } from '../src/core/platform/limits';
import { formatReport, type CheckOutcome } from './forge-checks/report';
import type { Finding, ManifestDoc } from './forge-checks/types';

const ROOT = resolve(__dirname, '..');
const ENDPOINTS = 'src/core/confluence/endpoints.ts';
const CODE_FILE = /\.(ts|tsx|js|jsx|cjs)$/;

/** Source files under `dir` (relative to the root), skipping builds, dependencies and declaration files. */
function sourceFiles(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
    .map((p) => join(dir, p))
    .filter((p) => CODE_FILE.test(p) && !p.endsWith('.d.ts') && !/(^|\/)(build|node_modules)\//.test(p))
    .filter((p) => statSync(join(ROOT, p)).isFile())
    .sort();
}

function isEmptyOrMissing(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Builds the UIs when a resource folder is missing, since @forge/manifest refuses a manifest pointing at none. */
function ensureUiBuilt(manifest: ManifestDoc): string | undefined {
  const missing = (manifest.resources ?? []).filter((r) => isEmptyOrMissing(join(ROOT, r.path)));
  if (missing.length === 0) return undefined;
  if (process.argv.includes('--no-build')) return `not built: ${missing.map((r) => r.path).join(', ')}`;
  if (!existsSync(join(ROOT, 'scripts/build-ui.ts'))) return 'no scripts/build-ui.ts to build the UIs with';
  console.log(`building UIs first (missing: ${missing.map((r) => r.path).join(', ')})`);
  const run = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  return run.status === 0 ? undefined : `npm run build exited with ${run.status}`;
}

/** The client's endpoint table (`ENDPOINTS` of src/core/confluence/endpoints.ts) as lint probes; none if absent. */
function readEndpointProbes(endpoints: unknown): EndpointProbe[] {
  const table = (endpoints as { ENDPOINTS?: Record<string, { method?: unknown; path?: unknown }> } | undefined)?.ENDPOINTS;
  if (!table) return [];
  return Object.entries(table)
    .filter(([, e]) => typeof e.method === 'string' && typeof e.path === 'string')
    .map(([name, e]) => ({ name, method: String(e.method), path: String(e.path) }));
}

async function timed(check: string, title: string, run: () => Promise<Finding[]> | Finding[]): Promise<CheckOutcome> {
  const started = performance.now();
  try {
    const findings = await run();
    return { check, title, findings, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { check, title, findings: [{ check, level: 'error', message: `the check itself failed: ${message}` }] };
  }
}

async function main(): Promise<number> {
  process.chdir(ROOT);
  const manifest = parse(readFileSync('manifest.yml', 'utf8')) as ManifestDoc;
  const outcomes: CheckOutcome[] = [];

  const buildProblem = ensureUiBuilt(manifest);
  if (buildProblem) {
    outcomes.push({ check: 'build', title: 'UI builds', findings: [{ check: 'build', level: 'error', message: buildProblem }] });
  }

  outcomes.push(await timed('manifest', '(a) @forge/manifest validate()', () => validateManifest('manifest.yml')));

  const endpoints: unknown = existsSync(ENDPOINTS) ? await import(resolve(ENDPOINTS)) : undefined;
  const probes = readEndpointProbes(endpoints);
  const lintFiles = [...sourceFiles('src'), ...sourceFiles('static')];
  outcomes.push(
    await timed(
      'forge-lint',
      `(b) @forge/lint client-side linters over ${lintFiles.length} files and ${probes.length} Confluence endpoints`,
      () => runForgeLint(manifest, lintFiles, probes),
    ),
  );

  if (endpoints !== undefined) {
    outcomes.push(
      await timed('scopes', '(c) manifest scopes = scopes the code uses', () => {
        const sources = new Map(sourceFiles('src').map((f) => [f, readFileSync(f, 'utf8')]));
        const events = (manifest.modules?.trigger ?? []).flatMap((t) => (Array.isArray(t.events) ? t.events.map(String) : []));
        const table = (endpoints as { ENDPOINTS?: Record<string, { scopes?: readonly string[] }> }).ENDPOINTS ?? {};
        return [
          ...compareScopes({
            declared: manifest.permissions?.scopes ?? [],
            client: [...scopesForClientCalls(sources, table).keys()],
            events: scopesForEvents(events, loadEventScopeMapping()),
            platform: scopesForPlatformApis(sources),
          }),
          ...uncalledClientMethods(sources, 'src/core/confluence/client.ts'),
        ];
      }),
    );
  } else {
    outcomes.push({ check: 'scopes', title: '(c) manifest scopes = scopes the code uses', findings: [], skipped: `${ENDPOINTS} not written yet` });
  }

  outcomes.push(
    await timed('handlers', '(d) manifest handlers exported by src/index.ts', async () =>
      checkHandlerExports(manifestHandlers(manifest), (await import(resolve('src/index.ts'))) as Record<string, unknown>),
    ),
  );
  outcomes.push(
    await timed('resources', '(d) every resource has its UI source', () =>
      checkResourceSources(manifest, (p) => existsSync(join(ROOT, p))),
    ),
  );

  outcomes.push(
    await timed('timeouts', '(d) queue consumers run with the timeout the code plans for', () =>
      checkConsumerTimeouts(manifest, INVOCATION_LIMITS.consumerSeconds),
    ),
  );

  const { text, errors } = formatReport(outcomes);
  console.log(text.replaceAll(`${ROOT}/`, ''));
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
