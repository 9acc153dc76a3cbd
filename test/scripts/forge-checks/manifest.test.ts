/**
 * The logic of `npm run check:forge` (scripts/forge-checks) and the agreement between manifest.yml and the code.
 * The full @forge/manifest validation is not repeated here: it takes tens of seconds and check:forge runs it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SchemaValidationError } from '@forge/manifest';
import { checkHandlerExports, checkResourceSources, manifestHandlers, uiSourceFolder } from '../../../scripts/forge-checks/app-shape';
import { endpointProbeSource, routeKnown, runForgeLint, type EndpointProbe } from '../../../scripts/forge-checks/forge-lint';
import { loadEventScopeMapping, toFindings } from '../../../scripts/forge-checks/manifest-validation';
import { formatReport } from '../../../scripts/forge-checks/report';
import { compareScopes, readRequiredScopes, scopesForEvents, scopesForPlatformApis } from '../../../scripts/forge-checks/scopes';
import { basePath, extractRoutes } from '../../../scripts/forge-checks/extract-routes';
import type { ManifestDoc } from '../../../scripts/forge-checks/types';
import * as handlers from '../../../src/index';
import * as endpoints from '../../../src/core/confluence/endpoints';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as ManifestDoc;
const routes = JSON.parse(readFileSync(join(ROOT, 'scripts/forge-checks/confluence-routes.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};
const probes: EndpointProbe[] = Object.entries(endpoints.ENDPOINTS).map(([name, e]) => ({ name, method: e.method, path: e.path }));
/** Every source file under src, by path, for the platform-API scope rule. */
function srcFiles(): Map<string, string> {
  const dir = join(ROOT, 'src');
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  return new Map(files.map((f) => [`src/${f}`, readFileSync(join(dir, f), 'utf8')]));
}
const triggerEvents = (manifest.modules?.trigger ?? []).flatMap((t) => (t.events as string[]) ?? []);

describe('manifest.yml and the code', () => {
  it('names only handlers that src/index.ts exports as functions, and src/index.ts exports nothing else', () => {
    expect(checkHandlerExports(manifestHandlers(manifest), handlers as Record<string, unknown>)).toEqual([]);
    expect(manifestHandlers(manifest).length).toBe(Object.keys(handlers).length);
  });

  it('gives every resource a UI source folder under static/', () => {
    expect(checkResourceSources(manifest, (p) => existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('declares exactly the scopes the client, the page events and Forge storage use', () => {
    const findings = compareScopes({
      declared: manifest.permissions?.scopes ?? [],
      client: endpoints.requiredScopes(),
      events: scopesForEvents(triggerEvents, loadEventScopeMapping()),
      platform: scopesForPlatformApis(srcFiles()),
    });
    expect(findings).toEqual([]);
  });

  it('runs the app on nodejs22.x with licensing on and the five-minute scan', () => {
    const doc = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as {
      app: { runtime: { name: string }; licensing: { enabled: boolean } };
      modules: { scheduledTrigger: Array<{ interval: string; function: string }> };
    };
    expect(doc.app.runtime.name).toBe('nodejs22.x');
    expect(doc.app.licensing.enabled).toBe(true);
    expect(doc.modules.scheduledTrigger).toContainEqual(expect.objectContaining({ interval: 'fiveMinute', function: 'run-scan' }));
  });
});

describe('permission lint of the Confluence endpoints (@forge/lint, in-process)', () => {
  it('passes when the manifest declares every endpoint scope', async () => {
    expect(await runForgeLint(manifest, [], probes)).toEqual([]);
  });

  it('names the endpoint whose scope the manifest lacks', async () => {
    const without: ManifestDoc = {
      ...manifest,
      permissions: { scopes: (manifest.permissions?.scopes ?? []).filter((s) => s !== 'write:comment:confluence') },
    };
    const findings = await runForgeLint(without, [], probes);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ level: 'error', where: 'src/core/confluence/endpoints.ts (createFooterComment)' });
    expect(findings[0]?.message).toContain('write:comment:confluence');
  });

  it('runs the handler linter over src/index.ts (a handler it does not export is reported)', async () => {
    const functions = [...(manifest.modules?.function ?? []), { key: 'ghost', handler: 'index.ghostHandler' }];
    const withGhost: ManifestDoc = { ...manifest, modules: { ...manifest.modules, function: functions } };
    expect(await runForgeLint(manifest, ['src/index.ts'])).toEqual([]);
    const findings = await runForgeLint(withGhost, ['src/index.ts']);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('ghostHandler');
  });

  it('reports an endpoint that Atlassian\'s OpenAPI documents do not list', async () => {
    const findings = await runForgeLint(manifest, [], [{ name: 'invented', method: 'GET', path: '/wiki/api/v2/no-such-thing' }]);
    expect(findings.map((f) => f.where)).toEqual(['src/core/confluence/endpoints.ts (invented)']);
  });
});

describe('endpoint probes', () => {
  it('writes one literal requestConfluence call per endpoint and maps its line back', () => {
    const { code, lines } = endpointProbeSource([
      { name: 'getPage', method: 'get', path: '/wiki/api/v2/pages/{id}' },
      { name: 'createPage', method: 'POST', path: '/wiki/api/v2/pages' },
    ]);
    const codeLines = code.split('\n');
    expect(codeLines[3]).toBe("  await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${id}`, { method: 'GET' });");
    expect(lines.get(4)).toBe('getPage');
    expect(codeLines[4]).toContain("route`/wiki/api/v2/pages`, { method: 'POST' }");
    expect(lines.get(5)).toBe('createPage');
  });

  it('knows a route by path and method', () => {
    expect(routeKnown({ name: 'a', method: 'PUT', path: '/wiki/api/v2/pages/{id}' }, routes.paths)).toBe(true);
    expect(routeKnown({ name: 'b', method: 'PATCH', path: '/wiki/api/v2/pages/{id}' }, routes.paths)).toBe(false);
    expect(routeKnown({ name: 'c', method: 'GET', path: '/wiki/rest/api/content/search' }, routes.paths)).toBe(true);
  });
});

describe('route table extraction', () => {
  it('prefixes relative v2 paths with the server path and keeps only scope facts', () => {
    const table = extractRoutes(
      [
        {
          servers: [{ url: 'https://{your-domain}/wiki/api/v2' }],
          paths: {
            '/pages/{id}': {
              get: { summary: 'x', security: [{ oAuthDefinitions: ['read:page:confluence'] }] },
              parameters: [],
            },
          },
        },
        { servers: [{ url: '//your-domain.atlassian.net' }], paths: { '/wiki/rest/api/search': { get: { description: 'y' } } } },
      ],
      'test',
    );
    expect(table.paths).toEqual({
      '/wiki/api/v2/pages/{id}': { get: { security: [{ oAuthDefinitions: ['read:page:confluence'] }] } },
      '/wiki/rest/api/search': { get: {} },
    });
    expect(basePath({ servers: [{ url: '//your-domain.atlassian.net' }], paths: {} })).toBe('');
  });
});

describe('scope comparison', () => {
  const events = scopesForEvents(['avi:confluence:trashed:page'], loadEventScopeMapping());

  it('learns from @forge/manifest that trashed-page events need a write scope', () => {
    expect([...events.keys()]).toEqual(expect.arrayContaining(['write:page:confluence', 'read:user:confluence']));
  });

  it('flags a client scope the manifest lacks and a declared scope nothing uses', () => {
    const findings = compareScopes({
      declared: ['read:page:confluence', 'read:user:confluence', 'search:confluence'],
      client: ['read:page:confluence', 'read:space:confluence'],
      events,
      platform: new Map(),
    });
    expect(findings.map((f) => f.message.split(' ')[0])).toEqual(['read:space:confluence', 'search:confluence']);
    expect(findings.every((f) => f.level === 'error')).toBe(true);
  });

  it('requires storage:app exactly when the code imports Forge storage', () => {
    const used = scopesForPlatformApis(new Map([['src/app/adapters/kvs.ts', "import { kvs } from '@forge/kvs';"]]));
    const unused = scopesForPlatformApis(new Map([['src/x.ts', "import api from '@forge/api';"]]));
    expect([...used.keys()]).toEqual(['storage:app']);
    expect(unused.size).toBe(0);
    expect(compareScopes({ declared: [], client: [], events: new Map(), platform: used })).toHaveLength(1);
    expect(compareScopes({ declared: ['storage:app'], client: [], events: new Map(), platform: unused })).toHaveLength(1);
  });

  it('reads requiredScopes() from any iterable of strings and refuses anything else', () => {
    expect(readRequiredScopes({ requiredScopes: () => new Set(['a', 'b']) })).toEqual(['a', 'b']);
    expect(() => readRequiredScopes({})).toThrow(/does not export requiredScopes/);
    expect(() => readRequiredScopes({ requiredScopes: () => 'read:page:confluence' })).toThrow(/list of scope names/);
    expect(() => readRequiredScopes({ requiredScopes: () => [1] })).toThrow(/non-string/);
  });
});

describe('handler and resource rules', () => {
  const doc: ManifestDoc = {
    modules: {
      function: [
        { key: 'a', handler: 'index.present' },
        { key: 'b', handler: 'index.absent' },
        { key: 'c', handler: 'index.notAFunction' },
        { key: 'd', handler: 'other.handler' },
      ],
    },
    resources: [
      { key: 'ok', path: 'static/ask/build' },
      { key: 'nosource', path: 'static/missing/build' },
      { key: 'elsewhere', path: 'ui/dist' },
    ],
  };

  it('finds missing, non-function, off-file and extra exports', () => {
    const findings = checkHandlerExports(manifestHandlers(doc), { present: () => undefined, notAFunction: 42, stray: () => 1 });
    expect(findings.map((f) => f.message)).toEqual([
      'function b: src/index.ts does not export absent',
      'function c: export notAFunction of src/index.ts is not a function',
      'function d: handler must be index.<export>',
      'src/index.ts exports stray, which no function in manifest.yml names (it holds only handlers)',
    ]);
  });

  it('maps resource paths to UI folders and requires their index.html', () => {
    expect(uiSourceFolder('static/space-settings/build')).toBe('static/space-settings');
    expect(uiSourceFolder('static/ask/dist')).toBeNull();
    const findings = checkResourceSources(doc, (p) => p === 'static/ask/index.html');
    expect(findings.map((f) => f.message)).toEqual([
      'resource nosource: no UI source at static/missing (expected static/missing/index.html)',
      'resource elsewhere: path ui/dist is not static/<ui>/build',
    ]);
  });
});

describe('report', () => {
  it('turns validator output into findings and counts only errors as failures', () => {
    const errors: SchemaValidationError[] = [
      { message: 'bad key', reference: 'r', level: 'error', line: 12 },
      { message: 'deprecated runtime', reference: 'r', level: 'warning' },
    ];
    const findings = toFindings(errors, 'manifest.yml');
    expect(findings.map((f) => f.where)).toEqual(['manifest.yml:12', 'manifest.yml']);
    const report = formatReport([
      { check: 'manifest', title: '(a) validate', findings },
      { check: 'scopes', title: '(c) scopes', findings: [], skipped: 'not yet' },
    ]);
    expect(report.errors).toBe(1);
    expect(report.warnings).toBe(1);
    expect(report.text).toContain('[FAIL] (a) validate: 1 error(s), 1 warning(s)');
    expect(report.text).toContain('[-] (c) scopes: skipped: not yet');
    expect(report.text.split('\n').at(-1)).toBe('check:forge failed: 1 error(s), 1 warning(s)');
  });
});
