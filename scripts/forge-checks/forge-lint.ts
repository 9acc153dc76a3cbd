/**
 * Check (b): the client-side linters of @forge/lint, run in-process the way `forge lint` runs them, without
 * `forge login` and without the network:
 * - the permission linter reads Confluence's routes and scopes from confluence-routes.json (extracted from
 *   Atlassian's OpenAPI documents) through the linter's own LOCAL_*_SWAGGER switch instead of downloading them;
 * - only the code linters are loaded, one module each, never the CLI entry points; nothing here needs keytar's
 *   native binding (@forge/cli-shared only requires keytar inside the credential store, which is never called);
 * - the manifest linters of `forge lint` are covered by manifest-validation.ts in one pass.
 * A linter that crashes is reported as an error: @forge/lint itself would only print a warning and pass.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinterInterface, LintInput, LintResult } from '@forge/lint/out/lint/linter-interface';
import { tsParser } from '@forge/lint/out/parse/parser';
import { PermissionLinter } from '@forge/lint/out/lint/linters/permission-linter/permission-linter';
import { HandlerLinter } from '@forge/lint/out/lint/linters/handler-linter/handler-linter';
import { FunctionTimeoutLinter } from '@forge/lint/out/lint/linters/function-timeout-linter/function-timeout-linter';
import { LlmModuleLinter } from '@forge/lint/out/lint/linters/llm-module-linter/llm-module-linter';
import { DynamicPropertiesPermissionsLinter } from '@forge/lint/out/lint/linters/dynamic-properties-linter/dynamic-properties-permissions-linter';
import { InvokeEndpointLinter } from '@forge/lint/out/lint/linters/endpoint-linter/invoke-endpoint-linter';
import { StorageModulesLinter } from '@forge/lint/out/lint/linters/storage-module-linter/storage-module-linter';
import { FrameComponentLinter } from '@forge/lint/out/lint/linters/frame-component-linter/frame-component-linter';
import { DeprecatedApiModuleLinter } from '@forge/lint/out/lint/linters/deprecated-api-module-linter/deprecated-api-module-linter';
import { AppManagedPermissionsSdkLinter } from '@forge/lint/out/lint/linters/app-managed-permissions-sdk-linter/app-managed-permissions-sdk-linter';
import { TeamworkGraphLinter } from '@forge/lint/out/lint/linters/teamwork-graph-linter/teamwork-graph-linter';
import type { Finding, ManifestDoc } from './types';

/** The route table the permission linter reads for Confluence (v1 and v2 together). */
export const CONFLUENCE_ROUTES = join(__dirname, 'confluence-routes.json');

/** Forge's name for the environment a lint runs for; only used in messages. */
const ENVIRONMENT = 'development';

const SWAGGER_VARIABLES = [
  'USE_LOCAL_SWAGGER',
  'LOCAL_CONF_SWAGGER',
  'LOCAL_CONF_V2_SWAGGER',
  'LOCAL_JIRA_SWAGGER',
  'LOCAL_JSM_SWAGGER',
  'LOCAL_JSW_SWAGGER',
  'LOCAL_BB_SWAGGER',
] as const;

/**
 * Points the permission linter at local route tables for the duration of `run`: Confluence's from
 * confluence-routes.json, and empty ones for Jira and Bitbucket, which this app never calls.
 */
async function withLocalSwagger<T>(run: () => Promise<T>): Promise<T> {
  const saved = new Map(SWAGGER_VARIABLES.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(join(tmpdir(), 'librarian-lint-'));
  const empty = join(dir, 'no-paths.json');
  writeFileSync(empty, '{"paths":{}}');
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: 'true',
    LOCAL_CONF_SWAGGER: CONFLUENCE_ROUTES,
    LOCAL_CONF_V2_SWAGGER: empty,
    LOCAL_JIRA_SWAGGER: empty,
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_JSW_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  });
  try {
    return await run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The client-side code linters `forge lint` runs, minus the manifest linters (see the module comment). */
function codeLinters(manifest: ManifestDoc, logger: { info(message: string): void }): Array<LinterInterface & object> {
  // The linters type the manifest with @forge/manifest's schema; the parsed YAML is that object.
  const m = manifest as never;
  return [
    new PermissionLinter(ENVIRONMENT, m, logger),
    new HandlerLinter(ENVIRONMENT, m, logger),
    new DynamicPropertiesPermissionsLinter(ENVIRONMENT, m, logger),
    new InvokeEndpointLinter(ENVIRONMENT, m, logger),
    new StorageModulesLinter(ENVIRONMENT, m, logger),
    new FrameComponentLinter(ENVIRONMENT, m, logger),
    new LlmModuleLinter(ENVIRONMENT, m, logger),
    new DeprecatedApiModuleLinter(ENVIRONMENT, m, logger),
    new AppManagedPermissionsSdkLinter(m, logger),
    new TeamworkGraphLinter(m, logger),
    new FunctionTimeoutLinter(m, logger),
  ];
}

/** A Confluence operation the client calls, from the ENDPOINTS table of src/core/confluence/endpoints.ts. */
export interface EndpointProbe {
  name: string;
  method: string;
  /** Path template from `/wiki`, placeholders in braces as in the OpenAPI documents. */
  path: string;
}

/** Where findings about the synthetic probe file point. */
export const PROBE_FILE = 'src/core/confluence/endpoints.ts';

/**
 * The client builds its paths at run time, which the permission linter cannot follow. So each endpoint of the
 * table becomes one literal `requestConfluence(route`...`)` call in a generated module, which the linter reads like
 * any app code; `lines` maps each call's line back to the endpoint.
 */
export function endpointProbeSource(probes: EndpointProbe[]): { code: string; lines: Map<number, string> } {
  const header = ["import api, { route } from '@forge/api';", "const id = '1';", 'export async function probe(): Promise<void> {'];
  const lines = new Map<number, string>();
  const calls = probes.map((probe, i) => {
    lines.set(header.length + i + 1, probe.name);
    const template = probe.path.replace(/\{[^}]+\}/g, '${id}');
    return `  await api.asApp().requestConfluence(route\`${template}\`, { method: '${probe.method.toUpperCase()}' });`;
  });
  return { code: [...header, ...calls, '}', ''].join('\n'), lines };
}

/** Whether a path template matches a route of the table the permission linter reads, the way the linter matches. */
export function routeKnown(probe: EndpointProbe, paths: Record<string, Record<string, unknown>>): boolean {
  const pathOnly = probe.path.replace(/\{[^}]+\}/g, 'x');
  return Object.entries(paths).some(([template, methods]) => {
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]*\\?\}/g, '[^\\/\\s]*');
    return new RegExp(`${source}\\/?$`).test(pathOnly) && probe.method.toLowerCase() in methods;
  });
}

/** Strips the terminal colours @forge/cli-shared puts in its messages. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').trim();
}

function toFindings(results: LintResult[], probeLines: Map<number, string>): Finding[] {
  const findings: Finding[] = [];
  const where = (file: string, line: number) =>
    file === PROBE_FILE_INPUT ? `${PROBE_FILE} (${probeLines.get(line) ?? `line ${line}`})` : `${file}:${line}`;
  for (const result of results) {
    for (const rule of [...result.errors, ...result.approvals]) {
      findings.push({ check: 'forge-lint', level: 'error', message: rule.message, where: where(result.file, rule.line) });
    }
    for (const rule of result.warnings) {
      findings.push({ check: 'forge-lint', level: 'warning', message: rule.message, where: where(result.file, rule.line) });
    }
  }
  return findings;
}

/** The name the probe module is parsed under; it never exists on disk. */
const PROBE_FILE_INPUT = 'confluence-endpoints.probe.ts';

/** Syntactic parse only: no TypeScript program per file (`npm run typecheck` owns the types). */
function parseSource(code: string, filepath: string) {
  const options = { project: undefined, errorOnTypeScriptSyntacticAndSemanticIssues: false };
  return tsParser(code, filepath, options as unknown as Parameters<typeof tsParser>[2]);
}

/**
 * Lints `files` (paths relative to the app root, which must be the working directory: the handler linter matches
 * `src/index.ts` literally) plus one generated call per Confluence endpoint in `probes`, against `manifest`.
 */
export async function runForgeLint(manifest: ManifestDoc, files: string[], probes: EndpointProbe[] = []): Promise<Finding[]> {
  const crashes: string[] = [];
  const logger = { info: (message: string) => crashes.push(plain(message)) };
  const probe = endpointProbeSource(probes);
  const table = JSON.parse(readFileSync(CONFLUENCE_ROUTES, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return withLocalSwagger(async () => {
    const inputs: LintInput[] = await Promise.all(
      files.map(async (filepath) => ({ filepath, ast: await parseSource(readFileSync(filepath, 'utf8'), filepath) })),
    );
    if (probes.length > 0) inputs.push({ filepath: PROBE_FILE_INPUT, ast: await parseSource(probe.code, PROBE_FILE_INPUT) });
    const linters = codeLinters(manifest, logger);
    await Promise.all(linters.map((linter) => linter.bootstrap()));
    const results = (await Promise.all(linters.map((linter) => linter.batchExecute(inputs)))).flat();
    const findings = toFindings(results, probe.lines);
    for (const p of probes) {
      if (!routeKnown(p, table.paths)) {
        findings.push({
          check: 'forge-lint',
          level: 'error',
          message: `${p.method} ${p.path} is not in Atlassian's Confluence OpenAPI documents, so its scopes cannot be checked`,
          where: `${PROBE_FILE} (${p.name})`,
        });
      }
    }
    for (const message of crashes) findings.push({ check: 'forge-lint', level: 'error', message: `a linter crashed: ${message}` });
    return findings;
  });
}
