/**
 * Atlassian's published OpenAPI documents for the Confluence Cloud REST API, shipped gzipped in this folder:
 * `confluence-v1.json.gz` ("The Confluence Cloud REST API" 1.0.0, August 2023 snapshot) and
 * `confluence-v2.json.gz` ("The Confluence Cloud REST API v2" 2.0.0, January 2025 snapshot).
 * `LIBRARIAN_SHARED_DIR` (a folder holding `confluence-openapi/confluence-v*.json`) may point elsewhere.
 *
 * @example
 *   const v2 = readConfluenceOpenApi('v2') as { paths: Record<string, unknown> };
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export type ConfluenceApiVersion = 'v1' | 'v2';

/** The folder the documents are read from. */
export function confluenceOpenApiDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LIBRARIAN_SHARED_DIR ? join(env.LIBRARIAN_SHARED_DIR, 'confluence-openapi') : __dirname;
}

/** One document, parsed; plain `.json` wins over `.json.gz` in the same folder. */
export function readConfluenceOpenApi(version: ConfluenceApiVersion, dir: string = confluenceOpenApiDir()): unknown {
  const plain = join(dir, `confluence-${version}.json`);
  const gz = `${plain}.gz`;
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8'));
  if (!existsSync(gz)) throw new Error(`Confluence OpenAPI document missing: ${gz}`);
  return JSON.parse(gunzipSync(readFileSync(gz)).toString('utf8'));
}
