/**
 * The local Forge host: runs a Forge app's handlers with the real `@forge/*` SDKs by answering the globals they
 * talk through, reading `manifest.yml` to know what to run.
 *
 * ```ts
 * const host = await startForgeHost({
 *   manifestPath: 'manifest.yml',
 *   handlers: () => import('../../src/index'),      // the module `handler: index.foo` names
 *   dataDir: '.data/forge',                          // or ':memory:'
 *   clock: new SteppedClock(),                       // or new RealClock()
 *   confluence: simulatorConfluence(sim),            // or {mode:'site', siteUrl, email, apiToken}
 *                                                    // or {mode:'scoped', cloudId, email, scopedToken}
 *   simulator: sim,                                  // optional: deliver its product events to `trigger`s
 * });
 * ```
 *
 * Public API of `ForgeHost` (the UI page, the MCP endpoint, `npm start` and tests build on it):
 * - `invokeResolver({moduleKey, functionKey, payload, accountId, extension?, localId?})`: calls the Custom UI
 *   module's resolver as `@forge/bridge` `invoke` would. The context (accountId, license `{isActive}`,
 *   installContext, `extension` = `{type: <module type>, ...extension}`) is built here, never taken from a
 *   browser; pass `extension.space` / `extension.content` from the page the module sits on. 500 KB in, 5 MB
 *   out, 25 s. Rejects with `HostInvocationError` (`code`: FUNCTION_ERR, FUNCTION_TIME_OUT,
 *   PAYLOAD_TOO_LARGE, RESPONSE_TOO_LARGE, NOT_FOUND).
 * - `resolverContext(...)`: what `view.getContext()` should answer for the same module and user.
 * - `invokeAction(actionKey, payload, accountId)`: runs an `action` module's function (MCP tools, Rovo).
 * - `invokeFunction(handlerName, ...args)`: runs any export of the handlers module in an invocation scope.
 * - `withInvocation(fn, {accountId})`: runs `fn` as if inside an invocation, e.g. to read KVS in a test.
 * - `deliverProductEvent(event)`: sends a product event to the matching `trigger` modules.
 * - `runScheduledTrigger(key)`: runs a scheduled trigger now.
 * - `nextScheduledRun(key)`: when the scheduled trigger `key` next fires on its schedule (null if it has none).
 * - `drain({timeoutMs?, advanceClock?})`: waits until no invocation runs and no event is due; with
 *   `advanceClock` on a SteppedClock, also steps the clock to each delayed event until the queues are empty.
 * - `queueDepth()`, `invocations()`, `failedEvents()`, `kvsUsage()`, `setDeliveryMode({duplicates, newestFirst})`.
 * - `kvsFaults` (storage errors on demand, a write observer) and `inspectKvs(prefix)` (stored entries): tests.
 * - `llm`: the Forge LLM stand-in (llm/stand-in.ts): `script({text} | {status, code?} | {delayMs})`,
 *   `requests()` (what the app sent: model, messages), `reset()`. Refuses apps without an `llm` module.
 * - `addInstallation({installationId, cloudId, confluence, simulator?})`: the app installed again in this host (one
 *   process, handlers module and clock; its own context, storage, queues and web trigger URLs), as Forge installs
 *   one app on several sites; `installations()` lists them, this one first.
 * - `close()`: stops timers and subscriptions and closes the database (and every added installation).
 * HTTP: `createControlApi(host)` in control-api.ts serves `/__sandbox/...` over these.
 * Node tests: `createNodeBridge(host, {moduleKey, accountId, extension})` in node-bridge.ts is a
 * `globalThis.__bridge` answering `invoke` and `getContext` the way the browser page must.
 *
 * Options worth knowing: `concurrency` (consumers at once), `logSink` (where invocation console lines go),
 * `limits.kvs` (read/write units per minute, requests per second), `limits.rateClock` ('real' by default, 'host'
 * to let a SteppedClock turn the rate windows), `limits.secondClock` (the per-second window's clock),
 * `limits.resolverTimeoutMs` / `functionTimeoutMs`,
 * `limits.maxEventRetries`, `installContext` (cloudId, siteUrl, licenseActive...).
 *
 * Module map: runtime-globals (the two SDK globals, per invocation), fetch-router (SDK request -> service),
 * kvs/ (limits, SQLite store, protocol), queue/ (store, delivery), product (Confluence credentials), invoke
 * (one invocation: scope, timeout, history), scheduler, triggers, logging, manifest, db, simulator-link.
 */
import { join } from 'node:path';
import { INVOCATION_LIMITS as PLATFORM_INVOCATION_LIMITS } from '../../src/core/platform/limits';
import type { SandboxClock } from '../clock';
import { SteppedClock } from '../clock';
import { openHostDatabase, type HostDatabase } from './db';
import { createForgeFetch } from './fetch-router';
import { FORGE_KVS_RATE_LIMITS, KvsRateBudget, type KvsRateLimits } from './kvs/limits';
import type { KvsFaults, KvsRequestFacts } from './kvs/faults';
import { KvsService } from './kvs/protocol';
import { KvsStore } from './kvs/store';
import { LlmStandIn } from './llm';
import { installConsoleCapture } from './logging';
import { exportNameOf, loadManifest, type ForgeManifest, type ManifestScheduledTrigger } from './manifest';
import { Invoker, isRetryRequest, type ForgeFunctionContext, type HostIdentity, type InvocationKind, type InvocationOutcome, type InvocationRecord } from './invoke';
import { ConfluenceProduct, type ConfluenceTarget } from './product';
import { QueueService, type DeliveryMode } from './queue/service';
import { QueueStore } from './queue/store';
import { installForgeGlobals, runInScope } from './runtime-globals';
import { Scheduler } from './scheduler';
import { linkProductEvents, type SimulatorHandle } from './simulator-link';
import { triggerPayload, triggersFor, type ProductEvent } from './triggers';
import { webTriggerIdOf, type WebTriggerRequest, type WebTriggerResponse } from './webtrigger';

export type { ConfluenceTarget } from './product';
export type { InvocationRecord } from './invoke';
export type { WebTriggerRequest, WebTriggerResponse } from './webtrigger';
export type { ProductEvent } from './triggers';
export { simulatorConfluence, simulatorTokenIssuer } from './simulator-link';

type HandlerFn = (...args: unknown[]) => unknown;
export type HandlersModule = Record<string, unknown>;

export interface ForgeHostOptions {
  manifestPath: string;
  handlers: HandlersModule | (() => Promise<HandlersModule>);
  /** Directory for `forge-host.sqlite`; `':memory:'` keeps everything in memory. */
  dataDir: string;
  clock: SandboxClock;
  confluence: ConfluenceTarget;
  /** Consumer invocations at once; default 4. */
  concurrency?: number;
  /** A simulator whose product events go to the manifest's `trigger` modules. */
  simulator?: SimulatorHandle;
  installContext?: Partial<Pick<HostIdentity, 'cloudId' | 'siteUrl' | 'appVersion' | 'environmentId' | 'environmentType' | 'installationId'>> & {
    licenseActive?: boolean;
  };
  /** Sees every storage write before it lands, from the host's first event on (kvs/faults.ts `onWrite`). */
  onKvsWrite?: (facts: KvsRequestFacts) => void;
  /** Where console lines of invocations are printed; default: the console, prefixed `[forge:<function>]`. */
  logSink?: (line: string) => void;
  limits?: {
    kvs?: Partial<KvsRateLimits>;
    /** Which clock the KVS and push rate windows follow: wall time (default) or the host clock. */
    rateClock?: 'real' | 'host';
    /** The clock of the KVS per-second request window (ms); default wall time, since a stepped clock stands still. */
    secondClock?: () => number;
    resolverTimeoutMs?: number;
    /** Default for functions without `timeoutSeconds`; Forge: 55 s. */
    functionTimeoutMs?: number;
    /** Caps every function's timeout, `timeoutSeconds` included (tests of an invocation killed at its limit). */
    maxFunctionTimeoutMs?: number;
    /** Retries before an event is dropped as failed; default: until its 24-hour retention window ends. */
    maxEventRetries?: number;
  };
}

export class HostInvocationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostInvocationError';
  }
}

export interface ResolverCall {
  moduleKey: string;
  functionKey: string;
  payload?: unknown;
  accountId: string;
  /** Where the module is shown: `{space: {key, id}, content: {id, type}}` and the like. */
  extension?: Record<string, unknown>;
  localId?: string;
}

export interface DrainOptions {
  timeoutMs?: number;
  advanceClock?: boolean;
}

export interface QueueDepth {
  queue: string;
  pending: number;
  running: number;
  nextDueAt: number | null;
}

/** Forge limits (docs, "Invocation limits"); the times come from the product's one source of them. */
export const INVOCATION_LIMITS = {
  resolverTimeoutMs: PLATFORM_INVOCATION_LIMITS.resolverSeconds * 1000,
  functionTimeoutMs: PLATFORM_INVOCATION_LIMITS.defaultFunctionSeconds * 1000,
  maxPayloadBytes: 500 * 1024,
  maxResponseBytes: 5 * 1024 * 1024,
} as const;

export interface ForgeHost {
  readonly manifest: ForgeManifest;
  readonly identity: HostIdentity;
  readonly clock: SandboxClock;
  /** Forge LLM as this host answers it: scriptable replies and the log of requests. */
  readonly llm: LlmStandIn;
  invokeResolver(call: ResolverCall): Promise<unknown>;
  resolverContext(call: Omit<ResolverCall, 'functionKey' | 'payload'>): Record<string, unknown>;
  invokeAction(actionKey: string, payload: Record<string, unknown>, accountId?: string): Promise<unknown>;
  invokeFunction(handlerName: string, ...args: unknown[]): Promise<unknown>;
  /** Runs a `webtrigger` module's function with Forge's request JSON and returns its response JSON. */
  invokeWebTrigger(moduleKey: string, request: WebTriggerRequest): Promise<WebTriggerResponse>;
  /** The URL id of a web trigger module (what `webTrigger.getUrl` puts after `/public/`), stable per app and key. */
  webTriggerId(moduleKey: string): string | undefined;
  /** Where the host's HTTP server serves web triggers (`http://127.0.0.1:4000`); set once it listens. */
  setWebTriggerBase(baseUrl: string): void;
  withInvocation<T>(fn: () => Promise<T>, options?: { accountId?: string }): Promise<T>;
  deliverProductEvent(event: ProductEvent): Promise<void>;
  runScheduledTrigger(key: string): Promise<void>;
  nextScheduledRun(key: string): number | null;
  drain(options?: DrainOptions): Promise<{ delayedPending: number }>;
  queueDepth(): QueueDepth[];
  invocations(): InvocationRecord[];
  failedEvents(): Array<{ eventId: string; queue: string; retryCount: number; lastError: string | null }>;
  kvsUsage(): { readUnits: number; writeUnits: number };
  setDeliveryMode(mode: Partial<DeliveryMode>): void;
  /** Storage faults and the write observer (kvs/faults.ts): tests make KVS refuse or watch writes land. */
  readonly kvsFaults: KvsFaults;
  /** Stored KVS entries under a key prefix, read outside the rate budget (tests compare the index with an oracle). */
  inspectKvs(prefix?: string): Array<{ key: string; value: unknown; bytes: number }>;
  /**
   * Installs the app a second (third...) time in this host, as Forge installs one app on several sites: the same
   * process, handlers module and clock, and its own installation id and context, storage (KVS, secrets,
   * entities), queues, web trigger URLs and Confluence. Returns that installation's host; `close()` of this host
   * closes it too. Tests of isolation between installations build on it.
   */
  addInstallation(install: AddInstallationOptions): Promise<ForgeHost>;
  /** This installation first, then every one `addInstallation` added. */
  installations(): ForgeHost[];
  close(): Promise<void>;
}

export interface AddInstallationOptions {
  installationId: string;
  cloudId: string;
  siteUrl?: string;
  confluence: ConfluenceTarget;
  simulator?: SimulatorHandle;
  licenseActive?: boolean;
}

/** Forge retries a product event at most this many times. */
const MAX_TRIGGER_RETRIES = 4;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function appUuid(appId: string): string {
  const m = /app\/([0-9a-f-]+)$/i.exec(appId);
  return m ? m[1] : appId;
}

export async function startForgeHost(options: ForgeHostOptions): Promise<ForgeHost> {
  installForgeGlobals();
  installConsoleCapture();
  const manifest = loadManifest(options.manifestPath);
  const clock = options.clock;
  const now = () => clock.now();
  const rateNow = options.limits?.rateClock === 'host' ? now : () => Date.now();
  const install = options.installContext ?? {};
  const cloudId = install.cloudId ?? '11111111-2222-4333-8444-555555555555';
  const siteUrl =
    install.siteUrl ??
    (options.confluence.mode === 'simulator' ? options.confluence.url : options.confluence.mode === 'site' ? options.confluence.siteUrl : `https://api.atlassian.com/ex/confluence/${cloudId}`);
  const identity: HostIdentity = {
    appId: appUuid(manifest.appId),
    appVersion: install.appVersion ?? '1.0.0',
    environmentId: install.environmentId ?? 'sandbox-environment',
    environmentType: install.environmentType ?? 'DEVELOPMENT',
    installationId: install.installationId ?? 'sandbox-installation',
    cloudId,
    siteUrl,
    installContext: `ari:cloud:confluence::site/${cloudId}`,
    license: { isActive: install.licenseActive ?? true },
    scopes: manifest.scopes,
    runtime: manifest.runtime,
  };

  const db: HostDatabase = openHostDatabase(options.dataDir);
  const kvs = new KvsService(
    new KvsStore(db, now),
    new KvsRateBudget({ ...FORGE_KVS_RATE_LIMITS, ...options.limits?.kvs }, rateNow, options.limits?.secondClock),
    manifest.entities,
    now,
  );
  if (options.onKvsWrite) kvs.faults.onWrite = options.onKvsWrite;
  const confluence = new ConfluenceProduct(options.confluence, now);
  const llm = new LlmStandIn(manifest.llm);

  let handlersModule: HandlersModule | undefined;
  const resolveHandler = async (handlerName: string): Promise<HandlerFn> => {
    handlersModule ??= typeof options.handlers === 'function' ? await (options.handlers as () => Promise<HandlersModule>)() : options.handlers;
    const fn = handlersModule[exportNameOf(handlerName)];
    if (typeof fn !== 'function') throw new HostInvocationError('NOT_FOUND', `The handlers module exports no function ${exportNameOf(handlerName)} (manifest handler ${handlerName})`);
    return fn as HandlerFn;
  };

  const functionTimeout = options.limits?.functionTimeoutMs ?? INVOCATION_LIMITS.functionTimeoutMs;
  const resolverTimeout = options.limits?.resolverTimeoutMs ?? INVOCATION_LIMITS.resolverTimeoutMs;
  const functionOf = (key: string) => {
    const fn = manifest.functions.get(key);
    if (!fn) throw new HostInvocationError('NOT_FOUND', `No function module with key ${key} in the manifest`);
    return fn;
  };
  const timeoutOf = (key: string) => {
    const seconds = manifest.functions.get(key)?.timeoutSeconds;
    return Math.min(seconds ? seconds * 1000 : functionTimeout, options.limits?.maxFunctionTimeoutMs ?? Infinity);
  };

  let webTriggerBase: string | undefined;
  const added: ForgeHost[] = [];
  // The queue and the fetch router need each other: the router answers pushes, the queue invokes consumers.
  const invoker: Invoker = new Invoker({
    identity,
    resolveHandler,
    now,
    steppedTime: clock instanceof SteppedClock,
    onClockAdvance: clock instanceof SteppedClock ? (listener) => clock.onAdvance(listener) : undefined,
    logSink: options.logSink,
    fetchFor: (accountId) =>
      createForgeFetch({ kvs, queue, confluence, llm, webTriggerUrl: (key) => (webTriggerBase && manifest.webTriggers.some((t) => t.key === key) ? `${webTriggerBase}/public/${webTriggerIdOf(identity.appId, key, identity.installationId)}` : undefined) }, accountId),
  });
  const queueStore = new QueueStore(db);
  let wakeTimer: NodeJS.Timeout | undefined;
  const stepped = clock instanceof SteppedClock;
  const queue: QueueService = new QueueService({
    store: queueStore,
    consumers: manifest.consumers,
    concurrency: Math.max(1, options.concurrency ?? 4),
    maxRetries: options.limits?.maxEventRetries,
    now,
    rateNow,
    deliver: (consumer, event) => {
      const fn = functionOf(consumer.function);
      return invoker.invoke({
        kind: 'consumer',
        moduleKey: consumer.key,
        moduleType: 'consumer',
        functionKey: fn.key,
        handlerName: fn.handler,
        timeoutMs: timeoutOf(fn.key),
        args: (context) => [event, context],
      });
    },
    wakeAt: (at) => {
      if (stepped) return;
      if (wakeTimer) clearTimeout(wakeTimer);
      wakeTimer = undefined;
      if (at === null) return;
      wakeTimer = setTimeout(() => queue.pump(), Math.max(0, at - now()));
      wakeTimer.unref?.();
    },
  });

  const run = async (kind: InvocationKind, moduleKey: string, moduleType: string, functionKey: string, accountId: string | undefined, timeoutMs: number, args: (c: ForgeFunctionContext) => unknown[]): Promise<InvocationOutcome> => {
    const fn = functionOf(functionKey);
    return invoker.invoke({ kind, moduleKey, moduleType, functionKey, handlerName: fn.handler, accountId, timeoutMs, args });
  };

  const fireScheduled = async (trigger: ManifestScheduledTrigger) => {
    await run('scheduledTrigger', trigger.key, 'scheduledTrigger', trigger.function, undefined, timeoutOf(trigger.function), () => [
      { context: { cloudId, moduleKey: trigger.key } },
      invoker.functionContext(undefined),
    ]);
  };
  const scheduler = new Scheduler({ db, triggers: manifest.scheduledTriggers, now, catchUp: stepped, fire: (t) => fireScheduled(t) });

  const pendingTriggers = new Set<Promise<unknown>>();
  // A trigger that answers with an InvocationError (`_retry`) gets the same event again after `retryAfter`
  // seconds (1..900), up to four times, as Forge retries product events (Forge docs, "Events", retrying).
  const triggerRetries: Array<{ at: number; event: ProductEvent; target: (typeof manifest.triggers)[number]; retryCount: number }> = [];
  const deliverTo = async (event: ProductEvent, t: (typeof manifest.triggers)[number], retryCount: number): Promise<void> => {
    const outcome = await run('trigger', t.key, 'trigger', t.function, undefined, timeoutOf(t.function), (c) => [
      { ...triggerPayload(event, t, cloudId), ...(retryCount > 0 ? { retryContext: { retryCount } } : {}) },
      c,
    ]);
    if (outcome.ok && isRetryRequest(outcome.value) && retryCount < MAX_TRIGGER_RETRIES) {
      const after = Math.min(900, Math.max(1, Number(outcome.value.retryOptions?.retryAfter ?? 1)));
      triggerRetries.push({ at: now() + after * 1000, event, target: t, retryCount: retryCount + 1 });
      if (!(clock instanceof SteppedClock)) setTimeout(() => void fireDueTriggerRetries(), after * 1000).unref?.();
    }
  };
  const fireDueTriggerRetries = async (): Promise<void> => {
    const due = triggerRetries.filter((r) => r.at <= now());
    if (!due.length) return;
    for (const r of due) triggerRetries.splice(triggerRetries.indexOf(r), 1);
    const all = Promise.all(due.map((r) => deliverTo(r.event, r.target, r.retryCount)));
    pendingTriggers.add(all);
    try {
      await all;
    } finally {
      pendingTriggers.delete(all);
    }
  };
  const deliverProductEvent = async (event: ProductEvent): Promise<void> => {
    const targets = triggersFor(manifest.triggers, event);
    const all = Promise.all(targets.map((t) => deliverTo(event, t, 0)));
    pendingTriggers.add(all);
    try {
      await all;
    } finally {
      pendingTriggers.delete(all);
    }
  };

  const unsubscribes: Array<() => void> = [];
  if (clock instanceof SteppedClock) {
    unsubscribes.push(
      clock.onAdvance(() => {
        void scheduler.check();
        void fireDueTriggerRetries();
        queue.pump();
      }),
    );
  } else {
    scheduler.startTimer();
  }
  if (options.simulator) unsubscribes.push(linkProductEvents(options.simulator, (e) => void deliverProductEvent(e)));
  queue.pump();

  const resolverContext = (call: Omit<ResolverCall, 'functionKey' | 'payload'>): Record<string, unknown> => {
    const module = manifest.uiModules.get(call.moduleKey);
    if (!module) throw new HostInvocationError('NOT_FOUND', `No Custom UI module with key ${call.moduleKey} in the manifest`);
    return {
      accountId: call.accountId,
      cloudId,
      siteUrl,
      moduleKey: module.key,
      localId: call.localId ?? `${module.key}-local`,
      environmentId: identity.environmentId,
      environmentType: identity.environmentType,
      installContext: identity.installContext,
      license: { ...identity.license },
      locale: 'en-US',
      timezone: 'UTC',
      extension: { type: module.type, ...(call.extension ?? {}) },
    };
  };

  const outcomeValue = (outcome: InvocationOutcome): unknown => {
    if (outcome.ok) return outcome.value;
    if (outcome.timedOut) throw new HostInvocationError('FUNCTION_TIME_OUT', outcome.error.message);
    if (outcome.error instanceof HostInvocationError) throw outcome.error;
    throw new HostInvocationError('FUNCTION_ERR', `${outcome.error.name}: ${outcome.error.message}`);
  };

  const host: ForgeHost = {
    manifest,
    identity,
    clock,
    llm,
    resolverContext,

    async invokeResolver(call) {
      const module = manifest.uiModules.get(call.moduleKey);
      if (!module?.resolverFunction) throw new HostInvocationError('NOT_FOUND', `Module ${call.moduleKey} has no resolver in the manifest`);
      const payloadBytes = jsonBytes(call.payload ?? {});
      if (payloadBytes > INVOCATION_LIMITS.maxPayloadBytes) {
        throw new HostInvocationError('PAYLOAD_TOO_LARGE', `The invoke payload is ${payloadBytes} bytes; Forge allows 500 KB.`);
      }
      const frontend = resolverContext(call);
      const { accountId: _a, installContext: _i, license: _l, ...clientContext } = frontend;
      const outcome = await run('resolver', module.key, module.type, module.resolverFunction, call.accountId, resolverTimeout, (c) => [
        { call: { functionKey: call.functionKey, payload: call.payload ?? {} }, context: clientContext },
        c,
      ]);
      const value = outcomeValue(outcome);
      const responseBytes = value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
      if (responseBytes > INVOCATION_LIMITS.maxResponseBytes) {
        throw new HostInvocationError('RESPONSE_TOO_LARGE', `The resolver returned ${responseBytes} bytes; Forge allows 5 MB.`);
      }
      return value;
    },

    async invokeAction(actionKey, payload, accountId) {
      const action = manifest.actions.get(actionKey);
      if (!action) throw new HostInvocationError('NOT_FOUND', `No action module with key ${actionKey} in the manifest`);
      const outcome = await run('action', action.key, 'action', action.function, accountId, timeoutOf(action.function), (c) => [
        { ...payload, context: { cloudId, moduleKey: action.key } },
        c,
      ]);
      return outcomeValue(outcome);
    },

    async invokeFunction(handlerName, ...args) {
      const fnKey = [...manifest.functions.values()].find((f) => f.handler === handlerName)?.key ?? handlerName;
      const outcome = await invoker.invoke({
        kind: 'function',
        moduleKey: fnKey,
        moduleType: 'function',
        functionKey: fnKey,
        handlerName,
        timeoutMs: timeoutOf(fnKey),
        args: () => args,
      });
      return outcomeValue(outcome);
    },

    async invokeWebTrigger(moduleKey, request) {
      const trigger = manifest.webTriggers.find((t) => t.key === moduleKey);
      if (!trigger) throw new HostInvocationError('NOT_FOUND', `No webtrigger module with key ${moduleKey} in the manifest`);
      const requestBytes = Buffer.byteLength(JSON.stringify(request));
      if (requestBytes > INVOCATION_LIMITS.maxResponseBytes) throw new HostInvocationError('PAYLOAD_TOO_LARGE', `The web trigger request is ${requestBytes} bytes; Forge allows 5 MB.`);
      // A web trigger carries no user: no principal, and asUser() fails (Forge web trigger docs).
      const outcome = await run('webtrigger', trigger.key, 'webtrigger', trigger.function, undefined, timeoutOf(trigger.function), (c) => [request, c]);
      let value = outcomeValue(outcome) as WebTriggerResponse | undefined;
      if (trigger.responseType === 'static') {
        // A static trigger's function only names one of the manifest's outputs (`{ outputKey }`); Forge answers with
        // that output's status, content type and body, and nothing the function computed.
        const key = (value as { outputKey?: unknown } | undefined)?.outputKey;
        const output = trigger.outputs.find((o) => o.key === key);
        if (!output) throw new HostInvocationError('FUNCTION_ERR', `The static web trigger returned no outputKey of its manifest outputs (got ${JSON.stringify(key)})`);
        value = { statusCode: output.statusCode, headers: output.contentType ? { 'Content-Type': [output.contentType] } : {}, body: output.body ?? '' };
      }
      const responseBytes = value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
      if (responseBytes > INVOCATION_LIMITS.maxResponseBytes) throw new HostInvocationError('RESPONSE_TOO_LARGE', `The web trigger returned ${responseBytes} bytes; Forge allows 5 MB.`);
      if (!value || typeof value.statusCode !== 'number') throw new HostInvocationError('FUNCTION_ERR', 'The web trigger function returned no {statusCode, headers, body}');
      return value;
    },

    webTriggerId: (moduleKey) => (manifest.webTriggers.some((t) => t.key === moduleKey) ? webTriggerIdOf(identity.appId, moduleKey, identity.installationId) : undefined),
    setWebTriggerBase(baseUrl) {
      webTriggerBase = baseUrl.replace(/\/$/, '');
      for (const other of added) other.setWebTriggerBase(baseUrl);
    },

    async addInstallation(install) {
      if ([host, ...added].some((h) => h.identity.installationId === install.installationId)) {
        throw new Error(`This host already runs installation ${install.installationId}`);
      }
      const other = await startForgeHost({
        ...options,
        // Each installation's storage and queues in their own database, as Forge keeps installations apart.
        dataDir: options.dataDir === ':memory:' ? ':memory:' : join(options.dataDir, 'installations', install.installationId.replace(/[^A-Za-z0-9_-]/g, '_')),
        confluence: install.confluence,
        simulator: install.simulator,
        installContext: { ...options.installContext, installationId: install.installationId, cloudId: install.cloudId, siteUrl: install.siteUrl, licenseActive: install.licenseActive },
        onKvsWrite: undefined,
      });
      if (webTriggerBase) other.setWebTriggerBase(webTriggerBase);
      added.push(other);
      return other;
    },
    installations: () => [host, ...added],

    withInvocation(fn, opts) {
      return runInScope(invoker.adHocScope(opts?.accountId, functionTimeout), fn);
    },

    deliverProductEvent,
    runScheduledTrigger: (key) => scheduler.runNow(key),
    nextScheduledRun: (key) => {
      if (!manifest.scheduledTriggers.some((t) => t.key === key)) throw new HostInvocationError('NOT_FOUND', `No scheduledTrigger with key ${key} in the manifest`);
      return scheduler.nextTickAt(key);
    },

    async drain(opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
      for (;;) {
        if (Date.now() > deadline) {
          throw new Error(`drain timed out: ${JSON.stringify(queueStore.depth())}, ${invoker.running} invocation(s) running`);
        }
        await scheduler.idle();
        await Promise.all([...pendingTriggers]);
        queue.pump();
        if (invoker.running > 0 || queue.inFlight > 0) {
          await Promise.race([invoker.whenIdle(), sleep(20)]);
          continue;
        }
        const queued = queueStore.earliestPendingDue();
        const retryAt = triggerRetries.length ? Math.min(...triggerRetries.map((r) => r.at)) : null;
        const next = queued === null ? retryAt : retryAt === null ? queued : Math.min(queued, retryAt);
        if (next === null) return { delayedPending: 0 };
        if (retryAt !== null && retryAt <= now()) {
          await fireDueTriggerRetries();
          continue;
        }
        if (next <= now()) continue;
        if (clock instanceof SteppedClock) {
          if (!opts.advanceClock) return { delayedPending: queueStore.depth().reduce((n, d) => n + d.pending, 0) };
          clock.set(next);
          continue;
        }
        await sleep(Math.min(50, next - now()));
      }
    },

    queueDepth: () => queueStore.depth(),
    invocations: () => invoker.history(),
    failedEvents: () => queueStore.failures(),
    kvsUsage: () => kvsUsageOf(),
    setDeliveryMode: (mode) => Object.assign(queue.mode, mode),
    kvsFaults: kvs.faults,
    inspectKvs: (prefix) => kvs.inspect(prefix),

    async close() {
      for (const other of added.splice(0)) await other.close();
      for (const off of unsubscribes) off();
      scheduler.close();
      queue.close();
      if (wakeTimer) clearTimeout(wakeTimer);
      await Promise.race([invoker.whenIdle(), sleep(1000)]);
      db.close();
    },
  };
  const kvsUsageOf = () => kvs.usage();
  return host;
}

/**
 * Bytes of a value as JSON. JSON.stringify recurses, so a payload nested thousands deep (which JSON.parse read
 * fine from the browser's text) overflows the stack; its size is then counted from its leaves without recursing
 * (an upper bound of its text), and the app's own resolver decides what to make of it, as on Forge.
 */
function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    let bytes = 0;
    const stack: unknown[] = [value];
    while (stack.length) {
      const next = stack.pop();
      bytes += 2;
      if (typeof next === 'object' && next !== null) {
        for (const [key, child] of Object.entries(next)) {
          bytes += Buffer.byteLength(key) + 4;
          stack.push(child);
        }
      } else bytes += Buffer.byteLength(String(next)) + 2;
    }
    return bytes;
  }
}
