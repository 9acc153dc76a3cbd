/**
 * Runs one Forge function the way the platform does: inside its own invocation scope (so the SDKs see its
 * runtime and identity), with the two-argument calling convention `(payload, context)`, a time limit, console
 * capture, and a record in the invocation history.
 *
 * The time limit runs on two clocks: wall time (a real timer) and, when the host clock is stepped, the stepped
 * clock too, so an invocation whose simulated time passes its limit (Confluence answering slowly moves the stepped
 * clock, see sandbox/confluence/server.ts) is stopped exactly there, whatever the machine's load. A stopped
 * invocation is killed as Forge kills a function at its timeout: its caller gets FUNCTION_TIME_OUT and every SDK
 * call its code still makes fails, so no storage write, queue push or Confluence request lands after the kill. Which arguments a module gets is decided by the
 * caller (resolvers, consumers, triggers); this module only runs and records.
 */
import { randomUUID } from 'node:crypto';
import { InvocationLog } from './logging';
import { noopMetrics, runInScope, type ForgeFetch, type ForgeRuntimeObject, type InvocationScope } from './runtime-globals';

/** The installation the host plays: one app installed in one Confluence site. */
export interface HostIdentity {
  /** The app's UUID (the part after `ari:cloud:ecosystem::app/`). */
  appId: string;
  appVersion: string;
  environmentId: string;
  environmentType: string;
  installationId: string;
  cloudId: string;
  siteUrl: string;
  /** `ari:cloud:confluence::site/<cloudId>`. */
  installContext: string;
  license: { isActive: boolean };
  scopes: string[];
  runtime: string;
}

export type InvocationKind = 'resolver' | 'consumer' | 'scheduledTrigger' | 'trigger' | 'action' | 'webtrigger' | 'function';

/** The second argument every Forge function receives (Forge docs, "Function arguments"). */
export interface ForgeFunctionContext {
  installContext: string;
  principal?: { accountId: string };
  license: { isActive: boolean };
  installation: { ari: { installationId: string; toString(): string }; contexts: Array<{ cloudId: string; toString(): string }> };
}

export interface InvocationRequest {
  kind: InvocationKind;
  moduleKey: string;
  moduleType: string;
  functionKey: string;
  handlerName: string;
  accountId?: string;
  timeoutMs: number;
  /** Builds the handler's arguments from the platform context. */
  args: (context: ForgeFunctionContext) => unknown[];
}

export interface InvocationRecord {
  id: string;
  kind: InvocationKind;
  moduleKey: string;
  functionKey: string;
  handler: string;
  accountId?: string;
  /** Host-clock time the invocation started. */
  startedAt: number;
  /** Wall-clock duration. */
  durationMs?: number;
  outcome: 'running' | 'success' | 'retry' | 'error' | 'timeout';
  error?: string;
  logTail: string[];
}

export type InvocationOutcome = { ok: true; value: unknown } | { ok: false; error: Error; timedOut: boolean };

export class FunctionTimeoutError extends Error {
  readonly code = 'FUNCTION_TIME_OUT';
  constructor(functionKey: string, timeoutMs: number) {
    super(`Function ${functionKey} timed out after ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'FunctionTimeoutError';
  }
}

const HISTORY_LIMIT = 1000;

export interface InvokerDeps {
  identity: HostIdentity;
  resolveHandler: (handlerName: string) => Promise<(...args: unknown[]) => unknown>;
  /** The SDK fetch of an invocation run on behalf of `accountId`. */
  fetchFor: (accountId: string | undefined) => ForgeFetch;
  now: () => number;
  /** Whether the host clock is stepped: then `Date.now()` inside invocations reads `now`. */
  steppedTime?: boolean;
  /** The stepped clock's advance listener (SteppedClock.onAdvance): the stepped time limit is checked on each move. */
  onClockAdvance?: (listener: (now: number) => void) => () => void;
  /** Where invocation console lines go instead of the console. */
  logSink?: (line: string) => void;
}

/** What a killed invocation's code meets on its next SDK call (the process is gone on Forge). */
export class InvocationKilledError extends Error {
  constructor(functionKey: string) {
    super(`Function ${functionKey} was stopped at its time limit; this call never left the function`);
    this.name = 'InvocationKilledError';
  }
}

/**
 * Wall time for the invocation's deadline. The timeout is a real timer, so what is left of it must be counted in
 * real time too: `Date.now()` inside an invocation reads the stepped host clock, which stands still while the
 * handler runs (and may sit months away from wall time), so a deadline mixing the two said "months left" or
 * "nothing left" depending on the machine's date, and mergers never stopped before their real timeout.
 */
const realNow = (): number => performance.timeOrigin + performance.now();

export class Invoker {
  private readonly records: InvocationRecord[] = [];
  private active = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly deps: InvokerDeps) {}

  private timeScope(): { now?: () => number } {
    return this.deps.steppedTime ? { now: this.deps.now } : {};
  }

  get running(): number {
    return this.active;
  }

  history(): InvocationRecord[] {
    return this.records.slice();
  }

  /** Resolves when no invocation runs. */
  whenIdle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  functionContext(accountId: string | undefined): ForgeFunctionContext {
    const { identity } = this.deps;
    const installationAri = `ari:cloud:ecosystem::installation/${identity.installationId}`;
    return {
      installContext: identity.installContext,
      ...(accountId ? { principal: { accountId } } : {}),
      license: { ...identity.license },
      installation: {
        ari: { installationId: identity.installationId, toString: () => installationAri },
        contexts: [{ cloudId: identity.cloudId, toString: () => identity.installContext }],
      },
    };
  }

  private runtimeFor(req: InvocationRequest, invocationId: string, remainingMs: () => number): ForgeRuntimeObject {
    const { identity } = this.deps;
    const installationAri = `ari:cloud:ecosystem::installation/${identity.installationId}`;
    return {
      proxy: { token: `sandbox-proxy-${invocationId}`, url: 'http://forge-proxy.sandbox.invalid' },
      contextAri: identity.installContext,
      container: { runtime: identity.runtime, handler: req.handlerName },
      appContext: {
        appId: identity.appId,
        appVersion: identity.appVersion,
        environmentId: identity.environmentId,
        environmentType: identity.environmentType,
        invocationId,
        installationId: identity.installationId,
        functionKey: req.functionKey,
        moduleType: req.moduleType,
        moduleKey: req.moduleKey,
        license: { ...identity.license },
        installation: {
          ari: { installationId: identity.installationId, toString: () => installationAri },
          contexts: [{ toString: () => identity.installContext }],
        },
        permissions: { scopes: identity.scopes },
      },
      ...(req.accountId ? { aaid: req.accountId } : {}),
      lambdaContext: { awsRequestId: invocationId, getRemainingTimeInMillis: () => Math.max(0, remainingMs()) },
      tracing: { traceId: invocationId.replace(/-/g, '').slice(0, 16), spanId: invocationId.replace(/-/g, '').slice(16, 32) },
      realtime: {},
      metrics: noopMetrics,
      featureFlags: () => false,
    };
  }

  /** A scope for SDK calls made outside any handler (tests, scripts), recorded nowhere. */
  adHocScope(accountId: string | undefined, timeoutMs: number): InvocationScope {
    const req: InvocationRequest = { kind: 'function', moduleKey: 'ad-hoc', moduleType: 'function', functionKey: 'ad-hoc', handlerName: 'ad-hoc', accountId, timeoutMs, args: () => [] };
    const deadline = realNow() + timeoutMs;
    return { runtime: this.runtimeFor(req, randomUUID(), () => deadline - realNow()), fetch: this.deps.fetchFor(accountId), accountId, ...this.timeScope() };
  }

  async invoke(req: InvocationRequest): Promise<InvocationOutcome> {
    const id = randomUUID();
    const log = new InvocationLog(req.functionKey, this.deps.logSink);
    const record: InvocationRecord = {
      id,
      kind: req.kind,
      moduleKey: req.moduleKey,
      functionKey: req.functionKey,
      handler: req.handlerName,
      ...(req.accountId ? { accountId: req.accountId } : {}),
      startedAt: this.deps.now(),
      outcome: 'running',
      logTail: log.tail,
    };
    this.records.push(record);
    if (this.records.length > HISTORY_LIMIT) this.records.shift();
    this.active += 1;
    const started = realNow();
    const deadline = started + req.timeoutMs;
    // The stepped limit: what the stepped clock read at the start, plus the limit (undefined on a real clock).
    const steppedDeadline = this.deps.steppedTime ? record.startedAt + req.timeoutMs : undefined;
    const remainingMs = () => Math.min(deadline - realNow(), steppedDeadline === undefined ? Infinity : steppedDeadline - this.deps.now());
    let timer: NodeJS.Timeout | undefined;
    let stopWatching: (() => void) | undefined;
    let killed = false;
    try {
      const handler = await this.deps.resolveHandler(req.handlerName);
      const fetch = this.deps.fetchFor(req.accountId);
      const guarded: ForgeFetch = (target, path, init) => (killed ? Promise.reject(new InvocationKilledError(req.functionKey)) : fetch(target, path, init));
      const scope = { runtime: this.runtimeFor(req, id, remainingMs), fetch: guarded, accountId: req.accountId, log, ...this.timeScope() };
      const run = runInScope(scope, async () => handler(...req.args(this.functionContext(req.accountId))));
      const timeout = new Promise<never>((_, reject) => {
        const kill = () => {
          if (killed) return;
          killed = true;
          reject(new FunctionTimeoutError(req.functionKey, req.timeoutMs));
        };
        timer = setTimeout(kill, req.timeoutMs);
        timer.unref?.();
        if (steppedDeadline !== undefined && this.deps.onClockAdvance) {
          stopWatching = this.deps.onClockAdvance((now) => {
            if (now >= steppedDeadline) kill();
          });
        }
      });
      const value = await Promise.race([run, timeout]);
      record.outcome = isRetryRequest(value) ? 'retry' : 'success';
      return { ok: true, value };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      const timedOut = error instanceof FunctionTimeoutError;
      record.outcome = timedOut ? 'timeout' : 'error';
      record.error = `${error.name}: ${error.message}`;
      return { ok: false, error, timedOut };
    } finally {
      if (timer) clearTimeout(timer);
      stopWatching?.();
      record.durationMs = realNow() - started;
      this.active -= 1;
      if (this.active === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    }
  }
}

/** `InvocationError` from @forge/events is returned as a plain object: check `_retry`, not `instanceof`. */
export function isRetryRequest(value: unknown): value is { _retry: true; retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } } {
  return typeof value === 'object' && value !== null && (value as { _retry?: unknown })._retry === true;
}
