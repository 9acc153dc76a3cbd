/**
 * The agent tokens page (`confluence:globalPage`, every member can open it): the tokens the signed-in person
 * holds (created, last used, expiry, revoke), minting a new one (shown once, with set-up for Claude Code, Cursor
 * and VS Code) and, for site admins, turning external agent access off. Every function reads the caller from the
 * platform context; a token is only ever listed, minted or revoked for the caller themself.
 */
import Resolver from '@forge/resolver';
import { webTrigger } from '@forge/api';
import { AgentTokenError, setupSnippets, type AgentTokenView, type SetupSnippet } from '../../core/agents';
import { queryableLibraries } from '../../core/usecases/library-choice';
import { readCaller, type PlatformContext } from '../context';
import { logLine } from '../log';
import { libraries } from '../services';
import { agentSettings, agentTokens } from '../services/agents';
import { callerIsSiteAdmin, uiStatus } from './who';
import type { ResolverRequest } from './respond';

export const AGENTS_WEBTRIGGER = 'librarian-agents';

export interface AgentAccessView {
  tokens: AgentTokenView[];
  libraries: Array<{ id: string; name: string }>;
  externalAccess: boolean;
  canManage: boolean;
  /** The web trigger's URL (the MCP endpoint is `<endpoint>/mcp`); absent when Forge could not give it. */
  endpoint?: string;
}

type Failure = { error: { code: 'forbidden' | 'not_found' | 'invalid' | 'unlicensed' | 'internal'; message: string } };

function contextOf(request: ResolverRequest): PlatformContext & { siteUrl?: string } {
  return (request.context ?? {}) as PlatformContext & { siteUrl?: string };
}

function installationOf(context: PlatformContext): string {
  return context.installContext ?? context.cloudId ?? 'unknown-installation';
}

async function endpointUrl(): Promise<string | undefined> {
  try {
    return await webTrigger.getUrl(AGENTS_WEBTRIGGER);
  } catch {
    logLine('agent-tokens', 'web trigger URL unavailable');
    return undefined;
  }
}

/** Runs one function for a signed-in, licensed caller; refusals become `{error}` with a message safe to show. */
function forUser<R>(fn: (payload: Record<string, unknown>, accountId: string, context: PlatformContext & { siteUrl?: string }) => Promise<R>) {
  return async (request: ResolverRequest): Promise<R | Failure> => {
    const context = contextOf(request);
    const caller = readCaller(context);
    if (!caller.licensed) return { error: { code: 'unlicensed', message: 'Librarian needs an active licence for this site.' } };
    if (!caller.accountId) return { error: { code: 'forbidden', message: 'Sign in to Confluence first.' } };
    try {
      const payload = request.payload && typeof request.payload === 'object' ? (request.payload as Record<string, unknown>) : {};
      return await fn(payload, caller.accountId, context);
    } catch (error) {
      if (error instanceof AgentTokenError) return { error: { code: error.code === 'not_found' ? 'not_found' : 'invalid', message: error.message } };
      logLine('agent-tokens', `unexpected ${(error as Error)?.name ?? 'error'}`);
      return { error: { code: 'internal', message: 'Something went wrong. Try again; if it keeps failing, tell your admin.' } };
    }
  };
}

async function view(accountId: string, context: PlatformContext & { siteUrl?: string }): Promise<AgentAccessView> {
  const settings = agentSettings();
  await settings.rememberSiteUrl(context.siteUrl);
  const caller = readCaller(context);
  const [tokens, usable, current, canManage, endpoint] = await Promise.all([
    agentTokens(installationOf(context)).list(accountId),
    queryableLibraries({ libraries: libraries() }, { accountId }),
    settings.get(),
    callerIsSiteAdmin(caller),
    endpointUrl(),
  ]);
  return { tokens, libraries: usable.map((l) => ({ id: l.id, name: l.name })), externalAccess: current.externalAccess, canManage, ...(endpoint ? { endpoint } : {}) };
}

export const agentTokenFunctions = {
  getStatus: async (request: ResolverRequest) => uiStatus(readCaller(contextOf(request)), { checkAdmin: false }),
  getAgentAccess: forUser(async (_payload, accountId, context) => view(accountId, context)),
  createToken: forUser(async (payload, accountId, context): Promise<{ token: string; created: AgentTokenView; setup: SetupSnippet[] }> => {
    const libraryId = typeof payload.libraryId === 'string' ? payload.libraryId : '';
    const usable = await queryableLibraries({ libraries: libraries() }, { accountId });
    if (!usable.some((library) => library.id === libraryId)) throw new AgentTokenError('invalid', 'Choose a Library you may query.');
    const days = payload.days === undefined ? undefined : Number(payload.days);
    const { token, view: created } = await agentTokens(installationOf(context)).mint(accountId, { libraryId, name: typeof payload.name === 'string' ? payload.name : undefined, days });
    const endpoint = await endpointUrl();
    // The token leaves the server here, once, for the person who minted it; it is never stored or logged.
    return { token, created, setup: endpoint ? setupSnippets(endpoint, token) : [] };
  }),
  revokeToken: forUser(async (payload, accountId, context) => ({
    revoked: await agentTokens(installationOf(context)).revoke(accountId, typeof payload.tokenId === 'string' ? payload.tokenId : ''),
  })),
  setExternalAccess: forUser(async (payload, accountId, context): Promise<AgentAccessView | Failure> => {
    if (!(await callerIsSiteAdmin(readCaller(context)))) return { error: { code: 'forbidden', message: 'Only site admins can turn external agent access on or off.' } };
    if (typeof payload.enabled !== 'boolean') throw new AgentTokenError('invalid', 'enabled must be true or false.');
    await agentSettings().setExternalAccess(payload.enabled, accountId);
    return view(accountId, context);
  }),
};

const resolver = new Resolver();
for (const [name, fn] of Object.entries(agentTokenFunctions)) resolver.define(name, fn as Parameters<Resolver['define']>[1]);
export const agentTokensResolver = resolver.getDefinitions();
