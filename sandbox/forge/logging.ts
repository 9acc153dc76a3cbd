/**
 * Console capture for invocations. Inside an invocation, console lines are prefixed with the function key,
 * counted against Forge's 100 log lines per runtime minute (lines past it are dropped, with one notice), kept in
 * a short per-invocation tail for `host.invocations()`, and scrubbed of every secret the host knows (tokens,
 * API tokens). Outside invocations the console is untouched.
 */
import { format } from 'node:util';
import { currentScope } from './runtime-globals';

/** Forge docs, "Invocation limits": 100 log lines per runtime minute. */
export const LOG_LINES_PER_RUNTIME_MINUTE = 100;
const TAIL_LINES = 20;

type Level = 'log' | 'info' | 'warn' | 'error' | 'debug';
const LEVELS: Level[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Secrets to scrub from every line the host prints (not just captured ones). */
const secrets = new Set<string>();

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 6) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** One invocation's log state. */
export class InvocationLog {
  readonly tail: string[] = [];
  private lines = 0;
  private dropped = 0;
  private readonly started = Date.now();

  /** `print` replaces the console as the destination of accepted lines (e.g. a file, or a test's array). */
  constructor(
    readonly label: string,
    readonly print?: (line: string) => void,
  ) {}

  /** Returns the line to print, or undefined when the limit drops it. */
  accept(level: Level, args: unknown[]): string | undefined {
    const minutes = Math.max(1, Math.ceil((Date.now() - this.started) / 60_000));
    const line = redact(format(...args));
    if (this.lines >= LOG_LINES_PER_RUNTIME_MINUTE * minutes) {
      this.dropped += 1;
      return this.dropped === 1 ? `[forge:${this.label}] log limit of ${LOG_LINES_PER_RUNTIME_MINUTE} lines per runtime minute reached; dropping lines` : undefined;
    }
    this.lines += 1;
    this.tail.push(`${level}: ${line}`);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    return `[forge:${this.label}] ${line}`;
  }

  get droppedLines(): number {
    return this.dropped;
  }
}

const PATCHED = Symbol.for('librarian.sandbox.forge.consolePatched');
type PatchedConsole = Console & { [PATCHED]?: boolean };

/** Routes console output of invocations through their InvocationLog; idempotent. */
export function installConsoleCapture(): void {
  const c = console as PatchedConsole;
  if (c[PATCHED]) return;
  c[PATCHED] = true;
  for (const level of LEVELS) {
    const original = c[level].bind(c);
    c[level] = (...args: unknown[]) => {
      const log = currentScope()?.log;
      if (!log) {
        original(...args.map((a) => (typeof a === 'string' ? redact(a) : a)));
        return;
      }
      const line = log.accept(level, args);
      if (line === undefined) return;
      if (log.print) log.print(line);
      else original(line);
    };
  }
}
