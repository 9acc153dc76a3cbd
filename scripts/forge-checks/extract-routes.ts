/**
 * Regenerates scripts/forge-checks/confluence-routes.json: the paths, methods and OAuth scopes of Atlassian's
 * Confluence OpenAPI documents (vendor/confluence-openapi: v1 August 2023 and v2 January 2025), without the
 * schemas and prose. The permission linter of @forge/lint needs exactly these facts; keeping them in the repo lets
 * `npm run check:forge` run offline on a fresh machine.
 *
 * Usage: tsx scripts/forge-checks/extract-routes.ts [openapi-dir]
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { confluenceOpenApiDir, readConfluenceOpenApi } from '../../vendor/confluence-openapi/load';

/** One operation's scope facts, in the two shapes the linter reads. */
export interface RouteOperation {
  'x-atlassian-oauth2-scopes'?: Array<{ scheme?: string; state: string; scopes: string[] }>;
  security?: Array<Record<string, string[]>>;
}

/** A swagger-like document holding only `paths`, as the linter's LOCAL_*_SWAGGER files expect. */
export interface RouteTable {
  source: string;
  paths: Record<string, Record<string, RouteOperation>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

interface OpenApiDocument {
  servers?: Array<{ url?: string }>;
  paths: Record<string, Record<string, unknown>>;
}

/** The path prefix an OpenAPI document's server URL adds (v2 paths are relative to /wiki/api/v2). */
export function basePath(doc: OpenApiDocument): string {
  const url = doc.servers?.[0]?.url ?? '';
  const match = /^(?:[a-z]+:)?\/\/[^/]+(\/.*)?$/i.exec(url);
  const path = match?.[1] ?? '';
  return path.replace(/\/$/, '');
}

/** Keeps, for every path and method, only the scope facts; paths get their server prefix so they read like calls. */
export function extractRoutes(docs: OpenApiDocument[], source: string): RouteTable {
  const paths: RouteTable['paths'] = {};
  for (const doc of docs) {
    const prefix = basePath(doc);
    for (const [path, item] of Object.entries(doc.paths)) {
      const full = path.startsWith(prefix) ? path : `${prefix}${path}`;
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.has(method) || typeof operation !== 'object' || operation === null) continue;
        const op = operation as RouteOperation;
        const kept: RouteOperation = {};
        if (op['x-atlassian-oauth2-scopes']) kept['x-atlassian-oauth2-scopes'] = op['x-atlassian-oauth2-scopes'];
        if (op.security) kept.security = op.security;
        (paths[full] ??= {})[method] = kept;
      }
    }
  }
  return { source, paths };
}

/** One path per line: small, and a regenerated file diffs by path. */
export function formatRouteTable(table: RouteTable): string {
  const lines = Object.entries(table.paths).map(([path, ops]) => `  ${JSON.stringify(path)}: ${JSON.stringify(ops)}`);
  return `{\n "source": ${JSON.stringify(table.source)},\n "paths": {\n${lines.join(',\n')}\n }\n}\n`;
}

function main(): void {
  const dir = process.argv[2] ? resolve(process.argv[2]) : confluenceOpenApiDir();
  const docs = (['v1', 'v2'] as const).map((version) => readConfluenceOpenApi(version, dir) as OpenApiDocument);
  const table = extractRoutes(docs, 'Atlassian Confluence Cloud OpenAPI: v1 (August 2023) and v2 (January 2025)');
  const out = join(__dirname, 'confluence-routes.json');
  writeFileSync(out, formatRouteTable(table));
  console.log(`wrote ${Object.keys(table.paths).length} paths to ${out}`);
}

if (require.main === module) main();
