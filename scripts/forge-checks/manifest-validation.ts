/**
 * Check (a): Atlassian's own manifest validation, offline. One pass runs every validator of `validate()`
 * (@forge/manifest's full processor: schema, modules, handlers, resources, permissions, runtime, llm...) plus the
 * two scope validators the Forge CLI runs as separate manifest linters: product-event scopes and Rovo agent
 * product-context scopes. One pass because compiling the manifest schema dominates the cost.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AgentProductContextScopesValidator,
  FullValidationProcessor,
  ProductTriggerScopesValidator,
  type AgentProductContextMappingConfig,
  type MappingConfig,
  type SchemaValidationError,
} from '@forge/manifest';
import type { Finding } from './types';

/** Runtimes the Forge CLI currently reports as deprecated (nodejs20.x: Forge runtime docs, developer.atlassian.com/platform/forge/runtime-reference/). */
export const DEPRECATED_RUNTIMES = ['nodejs20.x'];

/** The event-to-scope table shipped inside @forge/manifest (its package exports hide the file, so load by path). */
export function loadEventScopeMapping(): MappingConfig {
  return readMapping('product-event-to-scope-mapping.json') as MappingConfig;
}

function loadAgentContextMapping(): AgentProductContextMappingConfig {
  return readMapping('agent-product-context-to-scope-mapping.json') as AgentProductContextMappingConfig;
}

function readMapping(file: string): unknown {
  return JSON.parse(readFileSync(join(dirname(require.resolve('@forge/manifest')), 'mapping', file), 'utf8'));
}

class LibrarianManifestProcessor extends FullValidationProcessor {
  constructor() {
    super({ deprecatedRuntimes: DEPRECATED_RUNTIMES });
    this.validators.push(
      new ProductTriggerScopesValidator(loadEventScopeMapping()),
      new AgentProductContextScopesValidator(loadAgentContextMapping()),
    );
  }
}

/** Turns the validator's results into findings; a line of 0 or none means "the manifest as a whole". */
export function toFindings(errors: SchemaValidationError[] | undefined, manifestPath: string): Finding[] {
  return (errors ?? []).map((e) => ({
    check: 'manifest',
    level: e.level === 'warning' ? 'warning' : 'error',
    message: e.message,
    where: e.line ? `${manifestPath}:${e.line}` : manifestPath,
  }));
}

/**
 * Validates the manifest at `manifestPath` (resource paths resolve next to it, so UIs must be built first).
 * Findings carry every error and warning; `success` false without errors still counts as one error.
 */
export async function validateManifest(manifestPath: string): Promise<Finding[]> {
  const result = await new LibrarianManifestProcessor().process(manifestPath);
  const findings = toFindings(result.errors, manifestPath);
  if (!result.success && !findings.some((f) => f.level === 'error')) {
    findings.push({ check: 'manifest', level: 'error', message: 'validation failed without a message', where: manifestPath });
  }
  return findings;
}
