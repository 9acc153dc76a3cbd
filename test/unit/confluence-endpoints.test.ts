import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENDPOINTS, endpointFor, requiredScopes } from '../../src/core/confluence';

interface Operation {
  security?: Array<Record<string, string[]>>;
  'x-atlassian-oauth2-scopes'?: Array<{ state: string; scopes: string[] }>;
}
type Paths = Record<string, Record<string, Operation>>;

/**
 * Operations keyed by full path (from /wiki). Atlassian's published OpenAPI documents, when a copy sits beside the repository,
 * are the source; where they are absent (a fresh clone), the repository's extract of their scope facts stands in.
 */
function loadOperations(): Paths {
  const dir = resolve(__dirname, '../../../shared/confluence-openapi');
  if (existsSync(resolve(dir, 'confluence-v2.json'))) {
    const read = (f: string) => (JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as { paths: Paths }).paths;
    const v2 = Object.fromEntries(Object.entries(read('confluence-v2.json')).map(([p, ops]) => [`/wiki/api/v2${p}`, ops]));
    return { ...read('confluence-v1.json'), ...v2 };
  }
  const extract = resolve(__dirname, '../../scripts/forge-checks/confluence-routes.json');
  return (JSON.parse(readFileSync(extract, 'utf8')) as { paths: Paths }).paths;
}

const operations = loadOperations();

function operation(_api: 'v1' | 'v2', method: string, path: string): Operation | undefined {
  return operations[path]?.[method.toLowerCase()];
}

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('endpoint table against the OpenAPI documents', () => {
  it.each(Object.entries(ENDPOINTS))('%s exists with its method and documented scopes', (_name, endpoint) => {
    const op = operation(endpoint.api, endpoint.method, endpoint.path);
    expect(op).toBeDefined();
    const documented = (op?.['x-atlassian-oauth2-scopes'] ?? []).map((s) => sorted(s.scopes));
    expect(documented).toContainEqual(sorted(endpoint.scopes));
    if (endpoint.api === 'v1') {
      const current = op?.['x-atlassian-oauth2-scopes']?.find((s) => s.state === 'Current');
      expect(sorted(endpoint.classicScopes ?? [])).toEqual(sorted(current?.scopes ?? []));
    }
  });

  it('requires exactly these scopes', () => {
    expect(requiredScopes()).toEqual([
      'read:content-details:confluence',
      'read:page:confluence',
      'read:space:confluence',
      'write:comment:confluence',
      'write:page:confluence',
    ]);
  });

  it('matches concrete requests to templates, ignoring the query string', () => {
    expect(endpointFor('GET', '/wiki/api/v2/spaces/12/operations?limit=250')?.name).toBe('getSpaceOperations');
    expect(endpointFor('GET', '/wiki/api/v2/pages/12')?.name).toBe('getPage');
    // No shipped code updates pages yet, so the table has no PUT (and the manifest no scope for one).
    expect(endpointFor('PUT', '/wiki/api/v2/pages/12')).toBeUndefined();
    expect(endpointFor('GET', '/wiki/api/v2/pages/12/children')).toBeUndefined();
    expect(endpointFor('POST', '/wiki/api/v2/pages/12')).toBeUndefined();
  });
});
