/**
 * Check (c): the manifest declares exactly the scopes the app uses. A scope is used when
 * - a Confluence call the shipped code makes needs it: every `ENDPOINTS.<name>` the code under src references
 *   (the client builds each request path from its entry) contributes that entry's scopes, and a public
 *   ConfluenceClient method no shipped code calls is an error of its own (dead code must not hold a scope);
 * - a product event the app subscribes to needs it (@forge/manifest's event-to-scope table);
 * - a platform API the code imports needs it (`storage:app` for @forge/kvs).
 * Missing from the manifest is an error, and so is declared but used by nothing.
 */
import type { MappingConfig } from '@forge/manifest';
import type { Finding } from './types';

/** Why each scope is needed: scope -> the reasons, for the report. */
export type ScopeReasons = Map<string, string[]>;

function add(reasons: ScopeReasons, scope: string, reason: string): void {
  const list = reasons.get(scope);
  if (list) {
    if (!list.includes(reason)) list.push(reason);
  } else {
    reasons.set(scope, [reason]);
  }
}

/**
 * Scopes the given product events can use. Forge accepts either an event's classic (`current`) scopes or its
 * granular (`beta`) ones, so both count as used; the validator checks that one complete set is declared.
 */
export function scopesForEvents(events: string[], mapping: MappingConfig): ScopeReasons {
  const reasons: ScopeReasons = new Map();
  for (const event of events) {
    const entry = mapping.mapping.find((m) => m.productEvent === event);
    const sets = entry?.oAuthScopes;
    for (const scope of [...(sets?.current ?? []), ...(sets?.beta ?? []), ...(sets?.deprecated ?? [])]) {
      add(reasons, scope, `event ${event}`);
    }
  }
  return reasons;
}

/** Platform scopes implied by what the code imports; `sources` maps a file path to its text. */
export function scopesForPlatformApis(sources: Map<string, string>): ScopeReasons {
  const reasons: ScopeReasons = new Map();
  const kvsImport = /(?:from\s+|require\(\s*)['"]@forge\/kvs['"]/;
  const legacyStorage = /import\s*\{[^}]*\bstorage\b[^}]*\}\s*from\s*['"]@forge\/api['"]/;
  for (const [file, text] of sources) {
    if (kvsImport.test(text) || legacyStorage.test(text)) add(reasons, 'storage:app', `${file} uses Forge storage`);
  }
  return reasons;
}

/** Scopes of the endpoints the shipped code references (`ENDPOINTS.<name>`); `sources` maps a file path to its text. */
export function scopesForClientCalls(sources: Map<string, string>, table: Record<string, { scopes?: readonly string[] }>): ScopeReasons {
  const reasons: ScopeReasons = new Map();
  for (const [file, text] of sources) {
    for (const match of text.matchAll(/\bENDPOINTS\.(\w+)/g)) {
      const name = match[1] as string;
      const entry = table[name];
      if (!entry) continue;
      for (const scope of entry.scopes ?? []) add(reasons, scope, `${file} calls ${name}`);
    }
  }
  return reasons;
}

/**
 * Public methods of the ConfluenceClient class (in `clientFile`) that no shipped code calls: neither another file
 * (`.name(`) nor another method of the client (`this.name(`).
 */
export function uncalledClientMethods(sources: Map<string, string>, clientFile: string): Finding[] {
  const client = sources.get(clientFile);
  if (!client) return [{ check: 'scopes', level: 'error', message: `${clientFile} not found` }];
  const methods = [...client.matchAll(/^ {2}(?:async \*?|\*)?(\w+)\(/gm)].map((m) => m[1] as string).filter((name) => !['constructor', 'create', 'as', 'get'].includes(name));
  const findings: Finding[] = [];
  for (const name of new Set(methods)) {
    const call = new RegExp(`\\.${name}\\(`);
    const calledOutside = [...sources].some(([file, text]) => file !== clientFile && call.test(text));
    const calledInside = new RegExp(`this\\.${name}\\(`).test(client);
    if (!calledOutside && !calledInside) {
      findings.push({ check: 'scopes', level: 'error', message: `ConfluenceClient.${name} is called by no shipped code: delete it (and its endpoint) or call it`, where: clientFile });
    }
  }
  return findings;
}

export interface ScopeComparison {
  declared: string[];
  /** Every scope the Confluence calls of the shipped code need (`scopesForClientCalls`). */
  client: string[];
  events: ScopeReasons;
  platform: ScopeReasons;
}

/** Compares declared scopes with used ones, both ways. */
export function compareScopes({ declared, client, events, platform }: ScopeComparison): Finding[] {
  const findings: Finding[] = [];
  const declaredSet = new Set(declared);
  for (const scope of new Set(client)) {
    if (!declaredSet.has(scope)) {
      findings.push({
        check: 'scopes',
        level: 'error',
        message: `${scope} is needed by a Confluence call the code makes (ENDPOINTS in src/core/confluence/endpoints.ts) but manifest.yml does not declare it`,
      });
    }
  }
  for (const [scope, why] of platform) {
    if (!declaredSet.has(scope)) {
      findings.push({ check: 'scopes', level: 'error', message: `${scope} is needed (${why[0]}) but manifest.yml does not declare it` });
    }
  }
  const used = new Set([...client, ...events.keys(), ...platform.keys()]);
  for (const scope of declared) {
    if (!used.has(scope)) {
      findings.push({
        check: 'scopes',
        level: 'error',
        message: `${scope} is declared in manifest.yml but nothing uses it (no Confluence call of the shipped code, no product event or platform API needs it)`,
      });
    }
  }
  return findings;
}

/** Reads `requiredScopes()` from a loaded endpoints module, accepting any iterable of strings. */
export function readRequiredScopes(endpoints: unknown): string[] {
  const fn = (endpoints as { requiredScopes?: unknown } | null)?.requiredScopes;
  if (typeof fn !== 'function') throw new Error('src/core/confluence/endpoints.ts does not export requiredScopes()');
  const value: unknown = fn();
  if (typeof value === 'string' || value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
    throw new Error('requiredScopes() must return a list of scope names');
  }
  const scopes = [...(value as Iterable<unknown>)];
  if (!scopes.every((s): s is string => typeof s === 'string')) throw new Error('requiredScopes() returned a non-string');
  return scopes;
}
