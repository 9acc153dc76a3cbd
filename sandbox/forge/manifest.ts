/**
 * Reads a Forge `manifest.yml` into the few facts the local host needs: which handler each function names,
 * its timeout, and which modules (consumers, scheduled triggers, product-event triggers, Custom UI resolvers,
 * actions) call which function. Everything else in the manifest is left to `@forge/manifest`'s validator.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type ScheduleInterval = 'fiveMinute' | 'hour' | 'day' | 'week';

export interface ManifestFunction {
  key: string;
  /** `file.export`, e.g. `index.runScan`: the host looks `export` up in the handlers module. */
  handler: string;
  timeoutSeconds?: number;
}

export interface ManifestConsumer {
  key: string;
  queue: string;
  function: string;
}

export interface ManifestScheduledTrigger {
  key: string;
  function: string;
  interval: ScheduleInterval;
}

export interface ManifestTrigger {
  key: string;
  function: string;
  events: string[];
}

/** A module that renders UI and calls a resolver function (Custom UI). */
export interface ManifestUiModule {
  key: string;
  /** The manifest module type, e.g. `confluence:globalSettings` or `macro`. */
  type: string;
  resolverFunction?: string;
  resource?: string;
  title?: string;
  raw: Record<string, unknown>;
}

export interface ManifestAction {
  key: string;
  function: string;
  name?: string;
  description?: string;
  actionVerb?: string;
  inputs?: Record<string, unknown>;
  raw: Record<string, unknown>;
}

export interface ManifestWebTrigger {
  key: string;
  function: string;
  /** `static` responses come from the manifest; `dynamic` ones from the function (egress). */
  responseType: 'static' | 'dynamic';
  /** A static trigger's answers, by the `outputKey` its function returns. */
  outputs: Array<{ key: string; statusCode: number; contentType?: string; body?: string }>;
}

export interface ManifestEntityIndex {
  name: string;
  range: string[];
  partition: string[];
}

export interface ManifestEntity {
  name: string;
  attributes: Record<string, { type?: string }>;
  indexes: ManifestEntityIndex[];
}

export interface ForgeManifest {
  appId: string;
  runtime: string;
  licensing: boolean;
  scopes: string[];
  functions: Map<string, ManifestFunction>;
  consumers: ManifestConsumer[];
  scheduledTriggers: ManifestScheduledTrigger[];
  triggers: ManifestTrigger[];
  uiModules: Map<string, ManifestUiModule>;
  actions: Map<string, ManifestAction>;
  entities: Map<string, ManifestEntity>;
  resources: Map<string, string>;
  /** `rovo:mcp` servers: which actions each exposes as tools. */
  mcpServers: Array<{ key: string; name?: string; tools: string[] }>;
  /** `llm` modules: the model families each enables (Forge allows one module, family `claude` only). */
  llm: Array<{ key: string; models: string[] }>;
  webTriggers: ManifestWebTrigger[];
}

type Dict = Record<string, unknown>;

const asArray = (value: unknown): Dict[] => (Array.isArray(value) ? (value as Dict[]) : []);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Module types handled on their own; every other module with a `resolver` is treated as Custom UI. */
const NON_UI_MODULES = new Set(['function', 'consumer', 'scheduledTrigger', 'trigger', 'action', 'rovo:mcp', 'rovo:agent', 'webtrigger', 'llm']);

export function loadManifest(manifestPath: string): ForgeManifest {
  return parseManifest(readFileSync(manifestPath, 'utf8'));
}

export function parseManifest(text: string): ForgeManifest {
  const doc = (parse(text) ?? {}) as Dict;
  const app = (doc.app ?? {}) as Dict;
  const modules = (doc.modules ?? {}) as Dict;
  const permissions = (doc.permissions ?? {}) as Dict;

  const functions = new Map<string, ManifestFunction>();
  for (const fn of asArray(modules.function)) {
    const key = String(fn.key);
    functions.set(key, {
      key,
      handler: String(fn.handler),
      timeoutSeconds: typeof fn.timeoutSeconds === 'number' ? fn.timeoutSeconds : undefined,
    });
  }

  const consumers = asArray(modules.consumer).map((c) => ({
    key: String(c.key),
    queue: String(c.queue),
    // Consumers of @forge/events 2.x name a function; 1.x named a resolver function.
    function: String(c.function ?? (c.resolver as Dict | undefined)?.function),
  }));

  const scheduledTriggers = asArray(modules.scheduledTrigger).map((t) => ({
    key: String(t.key),
    function: String(t.function),
    interval: String(t.interval) as ScheduleInterval,
  }));

  const triggers = asArray(modules.trigger).map((t) => ({
    key: String(t.key),
    function: String(t.function),
    events: Array.isArray(t.events) ? (t.events as unknown[]).map(String) : [],
  }));

  const actions = new Map<string, ManifestAction>();
  for (const a of asArray(modules.action)) {
    const key = String(a.key);
    actions.set(key, {
      key,
      function: String(a.function),
      name: asString(a.name),
      description: asString(a.description),
      actionVerb: asString(a.actionVerb),
      inputs: (a.inputs as Record<string, unknown> | undefined) ?? undefined,
      raw: a,
    });
  }

  const uiModules = new Map<string, ManifestUiModule>();
  for (const [type, list] of Object.entries(modules)) {
    if (NON_UI_MODULES.has(type)) continue;
    for (const m of asArray(list)) {
      const resolver = m.resolver as Dict | undefined;
      uiModules.set(String(m.key), {
        key: String(m.key),
        type,
        resolverFunction: asString(resolver?.function),
        resource: asString(m.resource),
        title: asString(m.title),
        raw: m,
      });
    }
  }

  const mcpServers = asArray(modules['rovo:mcp']).map((m) => ({
    key: String(m.key),
    name: asString(m.name),
    tools: Array.isArray(m.tools) ? (m.tools as unknown[]).map(String) : [],
  }));

  const llm = asArray(modules.llm).map((m) => ({
    key: String(m.key),
    models: Array.isArray(m.model) ? (m.model as unknown[]).map(String) : [],
  }));

  const webTriggers = asArray(modules.webtrigger).map((t): ManifestWebTrigger => ({
    key: String(t.key),
    function: String(t.function),
    responseType: (t.response as Dict | undefined)?.type === 'dynamic' ? 'dynamic' : 'static',
    outputs: asArray((t.response as Dict | undefined)?.outputs).map((o) => ({
      key: String(o.key),
      statusCode: Number(o.statusCode),
      ...(o.contentType !== undefined ? { contentType: String(o.contentType) } : {}),
      ...(o.body !== undefined ? { body: String(o.body) } : {}),
    })),
  }));

  const resources = new Map<string, string>();
  for (const r of asArray(doc.resources)) resources.set(String(r.key), String(r.path));

  const entities = new Map<string, ManifestEntity>();
  const storage = (app.storage ?? {}) as Dict;
  for (const e of asArray(storage.entities)) {
    const indexes = asArray(e.indexes as unknown).map((ix): ManifestEntityIndex => {
      // An index may be written as just an attribute name.
      if (typeof ix === 'string') return { name: ix, range: [ix], partition: [] };
      return {
        name: String(ix.name),
        range: Array.isArray(ix.range) ? (ix.range as unknown[]).map(String) : [],
        partition: Array.isArray(ix.partition) ? (ix.partition as unknown[]).map(String) : [],
      };
    });
    entities.set(String(e.name), {
      name: String(e.name),
      attributes: (e.attributes as Record<string, { type?: string }>) ?? {},
      indexes,
    });
  }

  const runtime = (app.runtime ?? {}) as Dict;
  const licensing = (app.licensing ?? {}) as Dict;
  return {
    appId: String(app.id ?? 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000'),
    runtime: String(runtime.name ?? 'nodejs22.x'),
    licensing: licensing.enabled === true,
    scopes: Array.isArray(permissions.scopes) ? (permissions.scopes as unknown[]).map(String) : [],
    functions,
    consumers,
    scheduledTriggers,
    triggers,
    uiModules,
    actions,
    entities,
    resources,
    mcpServers,
    llm,
    webTriggers,
  };
}

/** Splits `index.runScan` into the export name (`runScan`); the file part is the handlers module itself. */
export function exportNameOf(handler: string): string {
  const dot = handler.lastIndexOf('.');
  return dot < 0 ? handler : handler.slice(dot + 1);
}
