/**
 * Check (d): the manifest and the code agree.
 * - every `handler: index.X` is a function exported by src/index.ts, and src/index.ts exports nothing else;
 * - every resource lives at static/<ui>/build and its UI has a source folder static/<ui> with an index.html.
 */
import type { Finding, ManifestDoc } from './types';

export interface HandlerRef {
  functionKey: string;
  file: string;
  exportName: string;
}

/** The `function` modules' handlers, split into file and export (`index.runScan` -> index, runScan). */
export function manifestHandlers(manifest: ManifestDoc): HandlerRef[] {
  return (manifest.modules?.function ?? []).map((fn) => {
    const handler = String(fn.handler ?? '');
    const dot = handler.lastIndexOf('.');
    return { functionKey: String(fn.key), file: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
  });
}

/** Compares the handlers with the exports of the loaded src/index module. */
export function checkHandlerExports(handlers: HandlerRef[], exported: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const named = new Set<string>();
  for (const h of handlers) {
    if (h.file !== 'index' || h.exportName === '') {
      findings.push({ check: 'handlers', level: 'error', message: `function ${h.functionKey}: handler must be index.<export>` });
      continue;
    }
    named.add(h.exportName);
    if (!(h.exportName in exported)) {
      findings.push({
        check: 'handlers',
        level: 'error',
        message: `function ${h.functionKey}: src/index.ts does not export ${h.exportName}`,
      });
    } else if (typeof exported[h.exportName] !== 'function') {
      findings.push({
        check: 'handlers',
        level: 'error',
        message: `function ${h.functionKey}: export ${h.exportName} of src/index.ts is not a function`,
      });
    }
  }
  for (const name of Object.keys(exported)) {
    if (name !== '__esModule' && name !== 'default' && !named.has(name)) {
      findings.push({
        check: 'handlers',
        level: 'error',
        message: `src/index.ts exports ${name}, which no function in manifest.yml names (it holds only handlers)`,
      });
    }
  }
  return findings;
}

const RESOURCE_PATH = /^static\/([a-z0-9][a-z0-9-]*)\/build\/?$/;

/** The UI folder a resource path is built from (`static/ask/build` -> `static/ask`), or null if off-pattern. */
export function uiSourceFolder(resourcePath: string): string | null {
  const match = RESOURCE_PATH.exec(resourcePath);
  return match ? `static/${match[1]}` : null;
}

/** `exists` answers for paths relative to the app root; injected so the rule is testable without files. */
export function checkResourceSources(manifest: ManifestDoc, exists: (path: string) => boolean): Finding[] {
  const findings: Finding[] = [];
  for (const resource of manifest.resources ?? []) {
    const folder = uiSourceFolder(resource.path);
    if (!folder) {
      findings.push({
        check: 'resources',
        level: 'error',
        message: `resource ${resource.key}: path ${resource.path} is not static/<ui>/build`,
      });
    } else if (!exists(`${folder}/index.html`)) {
      findings.push({
        check: 'resources',
        level: 'error',
        message: `resource ${resource.key}: no UI source at ${folder} (expected ${folder}/index.html)`,
      });
    }
  }
  return findings;
}

/**
 * Every queue consumer's function runs with the `timeoutSeconds` the code plans for (src/core/platform/limits.ts,
 * `INVOCATION_LIMITS.consumerSeconds`): the merge's run budget is derived from it, so the two cannot drift apart.
 */
export function checkConsumerTimeouts(manifest: ManifestDoc, consumerSeconds: number): Finding[] {
  const functions = new Map((manifest.modules?.function ?? []).map((fn) => [String(fn.key), fn]));
  const findings: Finding[] = [];
  for (const consumer of manifest.modules?.consumer ?? []) {
    const key = String(consumer.function ?? '');
    const seconds = functions.get(key)?.timeoutSeconds;
    if (seconds !== consumerSeconds) {
      findings.push({
        check: 'timeouts',
        level: 'error',
        message: `consumer ${String(consumer.key)}: function ${key} has timeoutSeconds ${String(seconds)}, the code plans for ${consumerSeconds} (INVOCATION_LIMITS.consumerSeconds)`,
      });
    }
  }
  return findings;
}
