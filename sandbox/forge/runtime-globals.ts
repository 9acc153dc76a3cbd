/**
 * The two globals the real Forge SDKs talk through, installed once per process and made per-invocation with
 * AsyncLocalStorage: `global.__forge_fetch__(target, path, init)` (every product, KVS and queue request) and
 * `global.__forge_runtime__` (the invocation's identity: proxy token, contextAri, app and environment ids,
 * remaining time). Several invocations run at once; each sees only its own scope.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationLog } from './logging';

/** What `@forge/api`, `@forge/kvs` and `@forge/events` pass as the first argument of `__forge_fetch__`. */
export interface FetchTarget {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
  contextAri?: string;
  [key: string]: unknown;
}

export type ForgeFetch = (target: FetchTarget, path: string, init?: RequestInit) => Promise<Response>;

/** The fields of `global.__forge_runtime__` that the installed SDKs read (`ForgeRuntime` in @forge/api 8.3). */
export interface ForgeRuntimeObject {
  proxy: { token: string; url: string };
  contextAri: string;
  container: { runtime: string; handler: string };
  appContext: {
    appId: string;
    appVersion: string;
    environmentId: string;
    environmentType: string;
    invocationId: string;
    installationId: string;
    functionKey: string;
    moduleType: string;
    moduleKey: string;
    license?: { isActive: boolean };
    installation?: { ari: { installationId: string; toString(): string }; contexts: Array<{ toString(): string }> };
    permissions?: { scopes: string[] };
  };
  aaid?: string;
  lambdaContext: { awsRequestId: string; getRemainingTimeInMillis(): number };
  tracing: { traceId: string; spanId: string };
  realtime: Record<string, never>;
  metrics: unknown;
  featureFlags: (flag: string) => boolean;
}

/** One running invocation as the globals see it. */
export interface InvocationScope {
  runtime: ForgeRuntimeObject;
  fetch: ForgeFetch;
  /** The invoking user, for `asUser()` without an explicit account id. */
  accountId?: string;
  /** Where console lines of this invocation go (see logging.ts). */
  log?: InvocationLog;
  /** The host clock when it is stepped: `Date.now()` inside the invocation reads it, as the app's time. */
  now?: () => number;
}

const STORAGE_SLOT = Symbol.for('librarian.sandbox.forge.invocationScope');
type GlobalWithSlot = typeof globalThis & {
  [STORAGE_SLOT]?: AsyncLocalStorage<InvocationScope>;
  __forge_fetch__?: ForgeFetch;
  __forge_runtime__?: ForgeRuntimeObject;
};

/** Installs the globals if this process has not got them yet; returns the storage that scopes them. */
export function installForgeGlobals(): AsyncLocalStorage<InvocationScope> {
  const g = globalThis as GlobalWithSlot;
  const existing = g[STORAGE_SLOT];
  if (existing) return existing;
  const storage = new AsyncLocalStorage<InvocationScope>();
  g[STORAGE_SLOT] = storage;
  g.__forge_fetch__ = (target, path, init) => {
    const scope = storage.getStore();
    if (!scope) {
      return Promise.reject(new Error('Forge runtime not found: a Forge SDK was called outside a host invocation.'));
    }
    return scope.fetch(target, path, init);
  };
  // On a stepped host clock the app must see that clock's time, or its timestamps, leases and watermarks would
  // drift from the simulated site's; outside invocations (the test runner itself) time stays real.
  const realNow = Date.now.bind(Date);
  Date.now = () => storage.getStore()?.now?.() ?? realNow();
  Object.defineProperty(g, '__forge_runtime__', {
    configurable: true,
    enumerable: false,
    get: () => storage.getStore()?.runtime,
  });
  return storage;
}

/** Runs `fn` with `scope` visible through the globals, including in everything `fn` awaits or schedules. */
export function runInScope<T>(scope: InvocationScope, fn: () => T): T {
  return installForgeGlobals().run(scope, fn);
}

export function currentScope(): InvocationScope | undefined {
  return installForgeGlobals().getStore();
}

/** Metrics the SDKs emit; the host keeps none. */
export const noopMetrics = {
  counter: () => ({ incr() {}, incrBy() {}, decr() {}, decrBy() {} }),
  timing: () => ({ measure: () => ({ stop() {} }) }),
  gauge: () => ({ set() {} }),
};
