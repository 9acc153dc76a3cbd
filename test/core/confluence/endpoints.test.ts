import { readConfluenceOpenApi } from '../../../vendor/confluence-openapi/load';
import { ENDPOINTS, endpointFor, requiredScopes } from '../../../src/core/confluence';

interface Operation {
  security?: Array<Record<string, string[]>>;
  'x-atlassian-oauth2-scopes'?: Array<{ state: string; scopes: string[] }>;
}
type Paths = Record<string, Record<string, Operation>>;

/** Operations keyed by full path (from /wiki), from Atlassian's OpenAPI documents (vendor/confluence-openapi). */
function loadOperations(): Paths {
  const read = (v: 'v1' | 'v2') => (readConfluenceOpenApi(v) as { paths: Paths }).paths;
  const v2 = Object.fromEntries(Object.entries(read('v2')).map(([p, ops]) => [`/wiki/api/v2${p}`, ops]));
  return { ...read('v1'), ...v2 };
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
      'read:content.permission:confluence',
      'read:page:confluence',
      'read:space:confluence',
      'write:comment:confluence',
      'write:page:confluence',
    ]);
  });

  it('matches concrete requests to templates, ignoring the query string', () => {
    expect(endpointFor('GET', '/wiki/api/v2/spaces/12/operations?limit=250')?.name).toBe('getSpaceOperations');
    expect(endpointFor('GET', '/wiki/api/v2/pages/12')?.name).toBe('getPage');
    // Review's apply is the one page update.
    expect(endpointFor('PUT', '/wiki/api/v2/pages/12')?.name).toBe('updatePage');
    expect(endpointFor('GET', '/wiki/api/v2/pages/12/children')).toBeUndefined();
    expect(endpointFor('POST', '/wiki/api/v2/pages/12')).toBeUndefined();
  });
});
