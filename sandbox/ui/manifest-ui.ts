import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** The Confluence module types that render a Custom UI resource, and how the host page shows each. */
export const UI_MODULE_TYPES = [
  'confluence:globalSettings',
  'confluence:globalPage',
  'confluence:spaceSettings',
  'confluence:spacePage',
  'macro',
  'confluence:contentBylineItem',
] as const;

export type UiModuleType = (typeof UI_MODULE_TYPES)[number];

export interface UiModule {
  key: string;
  type: UiModuleType;
  title: string;
  /** The resource key, served under /ui/<resource>/. */
  resource: string;
  /** Absolute folder of the resource's built files. */
  resourceDir: string;
  /** Macro only: the resource of its custom configuration (`config.resource`), shown while the page is edited. */
  configResource?: string;
  /** Byline item only: the content property its title and tooltip are read from. */
  contentPropertyKey?: string;
  tooltip?: string;
}

interface RawModule {
  key?: unknown;
  title?: unknown;
  resource?: unknown;
  config?: unknown;
  contentPropertyKey?: unknown;
  tooltip?: unknown;
}

function titleOf(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  // Forge allows i18n titles ({ i18n: key }); the sandbox shows the key rather than guessing a translation.
  if (value && typeof value === 'object' && typeof (value as { i18n?: unknown }).i18n === 'string') {
    return (value as { i18n: string }).i18n;
  }
  return fallback;
}

/** `config: { resource }` is a custom configuration (`config: true` is the classic one, which has no resource). */
function customConfigResource(config: unknown): string | undefined {
  if (!config || typeof config !== 'object') return undefined;
  const resource = (config as { resource?: unknown }).resource;
  return typeof resource === 'string' ? resource : undefined;
}

export interface UiManifest {
  modules: UiModule[];
  /** Resource key -> absolute folder of its built files. */
  resources: Map<string, string>;
}

/** Loads manifest.yml (or takes it parsed) and lists its Custom UI modules and resource folders. */
export function readUiManifest(manifest: string | Record<string, unknown>, rootDir: string): UiManifest {
  const parsed = (typeof manifest === 'string' ? parse(readFileSync(manifest, 'utf8')) : manifest) as {
    modules?: Record<string, RawModule[] | undefined>;
    resources?: Array<{ key?: unknown; path?: unknown }>;
  };
  const resources = new Map<string, string>();
  for (const r of parsed.resources ?? []) {
    if (typeof r.key === 'string' && typeof r.path === 'string') resources.set(r.key, resolve(rootDir, r.path));
  }
  const modules: UiModule[] = [];
  for (const type of UI_MODULE_TYPES) {
    for (const m of parsed.modules?.[type] ?? []) {
      if (typeof m.key !== 'string' || typeof m.resource !== 'string') continue;
      const resourceDir = resources.get(m.resource);
      if (!resourceDir) throw new Error(`manifest: module ${m.key} names resource ${m.resource}, which is not declared`);
      const module: UiModule = { key: m.key, type, title: titleOf(m.title, m.key), resource: m.resource, resourceDir };
      const configResource = customConfigResource(m.config);
      if (type === 'macro' && configResource !== undefined) {
        if (!resources.has(configResource)) throw new Error(`manifest: macro ${m.key} names config resource ${configResource}, which is not declared`);
        module.configResource = configResource;
      }
      if (typeof m.contentPropertyKey === 'string') module.contentPropertyKey = m.contentPropertyKey;
      if (typeof m.tooltip === 'string') module.tooltip = m.tooltip;
      modules.push(module);
    }
  }
  return { modules, resources };
}
