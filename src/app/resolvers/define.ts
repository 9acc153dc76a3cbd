/**
 * The one way to write a Custom UI resolver: `defineResolvers(area, { name: resolver({ access, input, run }) })`.
 * For every call it, in this order:
 * 1. answers only the function names defined here (`@forge/resolver` looks a key up with `in`, so
 *    `functionKey: "constructor"` would otherwise reach `Object` and answer with the request context);
 * 2. refuses a payload nested too deep or too large before anything recurses into it;
 * 3. refuses an unlicensed install (unless the function is `allowUnlicensed`, i.e. `getStatus`);
 * 4. checks the caller from the platform context, never the payload: `anyone`, `signed-in` or `site-admin` (asked
 *    of Confluence as the caller; when Confluence is busy the answer is "busy, try again", never a yes);
 * 5. validates the payload with the function's zod schema from src/contract (strict types: `"false"` is not a
 *    boolean), refusing with `invalid` and a message that names the field;
 * 6. runs the use case and turns any failure into a refusal (`refusalFor`, the one error mapping).
 *
 * @example
 *   import { reviewPayloads } from '../../contract';
 *   export const reviewResolver = defineResolvers('review', {
 *     getStatus: resolver({ access: 'anyone', allowUnlicensed: true, input: reviewPayloads.getStatus, run: (_in, ctx) => statusFor(ctx) }),
 *     approve: resolver({
 *       access: 'signed-in',
 *       input: reviewPayloads.approve, // z.object({ proposalId: z.string() })
 *       run: (input, { actor, viewer }) => approveProposal(reviewDeps(), viewer, actor, input),
 *     }),
 *   });
 */
import Resolver from '@forge/resolver';
import type { z } from 'zod';
import { payloadShapeProblem, refusal, type Refusal } from '../../contract';
import { AgentTokenError } from '../../core/agents';
import { AskRefusedError, AskTooFastError, INDEX_NEEDS_REBUILD } from '../../core/answer';
import { ConfluenceError } from '../../core/confluence';
import { LibraryError } from '../../core/library';
import { ReviewError } from '../../core/review';
import { MailError, NotifyError } from '../../core/notify/errors';
import { errorKind } from '../../core/errors';
import type { Viewer } from '../../core/usecases';
import { readCaller, type Caller, type PlatformContext } from '../context';
import { logLine } from '../log';
import { viewerFor } from './who';

/** Who may call a function. `site-admin` is asked of Confluence as the caller on every call. */
export type Access = 'anyone' | 'signed-in' | 'site-admin';

export interface ResolverContext<A extends Access> {
  caller: Caller;
  /** The caller's role, asked of Confluence as them (each question at most once per call). */
  viewer: Viewer;
  /** The caller's account id; null only for `anyone`. */
  actor: A extends 'anyone' ? string | null : string;
  /** The raw platform context (the module's extension, e.g. a macro's saved config). */
  context: PlatformContext;
}

export interface ResolverDefinition<S extends z.ZodType, A extends Access, R> {
  access: A;
  /** The payload's schema (src/contract). */
  input: S;
  /** Only for `getStatus`: an unlicensed install still shows its "licence needed" state. */
  allowUnlicensed?: boolean;
  run(input: z.output<S>, ctx: ResolverContext<A>): Promise<R>;
}

/** Declares one resolver function; exists so TypeScript infers `input` and `actor` from the schema and access. */
export function resolver<S extends z.ZodType, A extends Access, R>(definition: ResolverDefinition<S, A, R>): ResolverDefinition<S, A, R> {
  return definition;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = ResolverDefinition<z.ZodType, Access, any>;

/** The Forge handler `defineResolvers` returns (what `handler: index.<name>` in manifest.yml points at). */
export type ResolverHandler = (event: unknown, runtime?: Record<string, unknown>) => Promise<unknown>;

/** What a resolver function receives from @forge/resolver. */
interface ResolverRequest {
  payload?: unknown;
  context: unknown;
}

/**
 * The Forge handler for one UI's resolver functions. `Api` (optional) ties each function's result to the contract:
 * `defineResolvers<AdminApi>('admin', {...})` fails to compile when a function is missing or answers another shape.
 */
export function defineResolvers<Api = unknown>(area: string, definitions: DefinitionsFor<Api>): ResolverHandler {
  const defs = definitions as Record<string, AnyDefinition>;
  const names = new Set(Object.keys(defs));
  const forge = new Resolver();
  for (const name of names) forge.define(name, (request: ResolverRequest) => invoke(area, defs[name]!, request));
  const handler = forge.getDefinitions();
  return async (event, runtime) => {
    const call = (event as { call?: { functionKey?: unknown; payload?: unknown } } | undefined)?.call;
    const functionKey = call?.functionKey;
    // Own names only: an inherited property (`constructor`, `__proto__`, `toString`) is not a function of ours.
    if (typeof functionKey !== 'string' || !names.has(functionKey)) return refusal('not_found', 'This page asked for a function Librarian does not have.');
    const problem = payloadShapeProblem(call?.payload);
    if (problem) return refusal('invalid', problem);
    return handler(event as Parameters<typeof handler>[0], runtime);
  };
}

type DefinitionsFor<Api> = unknown extends Api
  ? Record<string, AnyDefinition>
  : { [K in keyof Api]: ResolverDefinition<z.ZodType, Access, Exclude<Api[K] extends { result: infer R } ? R : never, Refusal>> };

async function invoke(area: string, definition: AnyDefinition, request: ResolverRequest): Promise<unknown> {
  const context = (request.context ?? {}) as PlatformContext;
  const caller = readCaller(context);
  if (!caller.licensed && !definition.allowUnlicensed) return refusal('unlicensed', 'Librarian needs an active licence for this site.');
  try {
    const viewer = viewerFor(caller);
    const actor = await authorize(definition.access, caller, viewer);
    const parsed = definition.input.safeParse(request.payload ?? {});
    if (!parsed.success) return refusal('invalid', describeIssue(parsed.error.issues[0]));
    return await definition.run(parsed.data, { caller, viewer, actor, context });
  } catch (error) {
    return refusalFor(area, error);
  }
}

async function authorize(access: Access, caller: Caller, viewer: Viewer): Promise<string | null> {
  if (access === 'anyone') return caller.accountId;
  if (!caller.accountId) throw new LibraryError('forbidden', 'Sign in to Confluence first.');
  if (access === 'site-admin' && !(await viewer.isSiteAdmin())) throw new LibraryError('forbidden', 'Only site admins can change Libraries.');
  return caller.accountId;
}

const EXPECTED: Record<string, string> = { boolean: 'true or false', string: 'text', number: 'a number', array: 'a list', object: 'an object' };

/** A schema failure as one sentence naming the field; a schema's own message (written for people) is kept. */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'The request was not understood.';
  const field = issue.path.length ? issue.path.map(String).join('.') : 'The request';
  if (!/^(Invalid|Too (big|small)|Unrecognized)/.test(issue.message)) return issue.message;
  if (issue.code === 'invalid_type') return `${field} must be ${EXPECTED[issue.expected] ?? issue.expected}.`;
  if (issue.code === 'too_big') return `${field} is too long.`;
  if (issue.code === 'too_small') return `${field} is too short.`;
  return `${field} is not valid.`;
}

/**
 * Every failure as a refusal with a message safe to show: never a stack, a token, a password or a raw reply from
 * Confluence or a mail server. The one error mapping of the resolvers.
 */
export function refusalFor(area: string, error: unknown): Refusal {
  if (error instanceof LibraryError) return refusal(error.code, error.message);
  if (error instanceof AskRefusedError) return refusal('invalid', error.message);
  // Over the Ask budget: say when to try again (the message names the seconds).
  if (error instanceof AskTooFastError) return refusal('unavailable', error.message);
  // Two reviewers at once: the loser is told the proposal is being applied, a conflict to retry, not an outage.
  if (error instanceof AgentTokenError) return refusal(error.code === 'not_found' ? 'not_found' : 'invalid', error.message);
  if (error instanceof ReviewError) return refusal(error.code === 'busy' ? 'conflict' : error.code, error.message);
  if (error instanceof NotifyError) return refusal('invalid', error.message);
  if (error instanceof MailError) return refusal('invalid', 'The mail server did not take the message.');
  if (error instanceof ConfluenceError) {
    logLine(area, `Confluence error ${error.kind} ${error.status}`);
    if (error.kind === 'authorization') return refusal('forbidden', 'Confluence did not accept the authorization. An admin may need to reconnect.');
    if (error.kind === 'rate-limited' || error.kind === 'server') return refusal('unavailable', 'Confluence is busy right now. Try again in a minute.');
    return refusal('unavailable', 'Confluence could not answer right now. Try again shortly.');
  }
  if (errorKind(error) === 'quota') {
    logLine(area, 'storage quota reached');
    return refusal('unavailable', 'Librarian is busy right now. Try again in a minute.');
  }
  // A damaged index value met by a question: the retriever recorded it for the admin (index-problems.ts).
  if (errorKind(error) === 'corrupt') {
    logLine(area, 'index value damaged; the index needs a rebuild');
    return refusal('unavailable', INDEX_NEEDS_REBUILD);
  }
  logLine(area, `unexpected ${(error as Error)?.name ?? 'error'}`);
  return refusal('internal', 'Something went wrong. Try again; if it keeps failing, tell your admin.');
}
