/**
 * Validates real simulator responses against Atlassian's OpenAPI documents (vendor/confluence-openapi).
 * OpenAPI 3.0 schemas are close to JSON Schema: Ajv understands `nullable`; `$ref`s in a path's response
 * schema are rewritten to point into the registered document. Known gaps between the document and Cloud are
 * patched here, each with its source.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readConfluenceOpenApi } from '../../../../vendor/confluence-openapi/load';

type Json = Record<string, unknown>;

interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>>;
  components: { schemas: Record<string, Json> };
}

function rewriteRefs(node: unknown, docId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, docId));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${docId}${v}` : rewriteRefs(v, docId);
  }
  return out;
}

/**
 * Patches where Cloud (and the document's own prose) differ from the schema:
 * - PageBulk/PageSingle `parentId`/`parentType`: the descriptions say "or null if there is no parent page"
 *   (confluence-v2.json), but the schema lacks `nullable`.
 */
function patchV2(schemas: Record<string, Json>): void {
  for (const name of ['PageBulk', 'PageSingle']) {
    const props = schemas[name].properties as Record<string, Json>;
    props.parentId = { ...props.parentId, nullable: true };
    props.parentType = { anyOf: [props.parentType, { type: 'null' }] };
  }
}

export class OpenApi {
  private readonly ajv: Ajv;
  private readonly docs: Record<'v1' | 'v2', Doc>;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    const v1 = readConfluenceOpenApi('v1') as Doc;
    const v2 = readConfluenceOpenApi('v2') as Doc;
    patchV2(v2.components.schemas);
    this.docs = { v1, v2 };
    this.ajv.addSchema({ $id: 'v1.json', components: v1.components }, 'v1.json');
    this.ajv.addSchema({ $id: 'v2.json', components: v2.components }, 'v2.json');
  }

  /** The response schema of `method path status` (path as in the document, e.g. `/pages/{id}`). */
  validator(version: 'v1' | 'v2', method: string, path: string, status = '200'): ValidateFunction {
    const key = `${version} ${method} ${path} ${status}`;
    let fn = this.cache.get(key);
    if (!fn) {
      const op = this.docs[version].paths[path]?.[method.toLowerCase()];
      const schema = op?.responses[status]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`no ${status} JSON schema for ${key}`);
      fn = this.ajv.compile(rewriteRefs(schema, `${version}.json`) as Json);
      this.cache.set(key, fn);
    }
    return fn;
  }

  /** Throws with Ajv's errors when `body` does not validate. */
  check(version: 'v1' | 'v2', method: string, path: string, body: unknown, status = '200'): void {
    const fn = this.validator(version, method, path, status);
    if (!fn(body)) throw new Error(`${method} ${path} response does not match the schema:\n${JSON.stringify(fn.errors, null, 2)}`);
  }

  /** Properties of `body` that the named component schema does not declare (the documents allow extras). */
  undeclared(version: 'v1' | 'v2', schemaName: string, body: Json): string[] {
    const props = (this.docs[version].components.schemas[schemaName]?.properties ?? {}) as Json;
    return Object.keys(body).filter((k) => !(k in props));
  }
}
