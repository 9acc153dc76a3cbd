/**
 * The agent tokens page (`confluence:globalPage`, every member can open it): the tokens the signed-in person
 * holds (created, last used, expiry, revoke), minting a new one (shown once, with set-up for Claude Code, Cursor
 * and VS Code) and, for site admins, turning external agent access off. Every function reads the caller from the
 * platform context; a token is only ever listed, minted or revoked for the caller themself.
 */
import { webTrigger } from '@forge/api';
import { agentTokenPayloads, type AgentAccessView, type AgentTokensApi } from '../../contract';
import { AgentTokenError, setupSnippets } from '../../core/agents';
import * as usecases from '../../core/usecases';
import type { Viewer } from '../../core/usecases';
import { queryableLibraries } from '../../core/usecases/library-choice';
import type { PlatformContext } from '../context';
import { logLine } from '../log';
import { libraries } from '../services';
import { agentSettings, agentTokens } from '../services/agents';
import { defineResolvers, resolver } from './define';

export const AGENTS_WEBTRIGGER = 'librarian-agents';
export type { AgentAccessView };

type PageContext = PlatformContext & { siteUrl?: string };

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

async function view(accountId: string, viewer: Viewer, context: PageContext): Promise<AgentAccessView> {
  const settings = agentSettings();
  await settings.rememberSiteUrl(context.siteUrl);
  const [tokens, usable, current, canManage, endpoint] = await Promise.all([
    agentTokens(installationOf(context)).list(accountId),
    queryableLibraries({ libraries: libraries() }, { accountId }),
    settings.get(),
    viewer.isSiteAdmin(),
    endpointUrl(),
  ]);
  return { tokens, libraries: usable.map((l) => ({ id: l.id, name: l.name })), externalAccess: current.externalAccess, canManage, ...(endpoint ? { endpoint } : {}) };
}

export const agentTokenFunctions = {
  getStatus: resolver({
    access: 'anyone',
    allowUnlicensed: true,
    input: agentTokenPayloads.getStatus,
    run: (_input, { viewer, caller }) => usecases.uiStatus(viewer, { licensed: caller.licensed, moduleKey: caller.moduleKey, checkAdmin: false }),
  }),
  getAgentAccess: resolver({
    access: 'signed-in',
    input: agentTokenPayloads.getAgentAccess,
    run: (_input, { actor, viewer, context }) => view(actor, viewer, context as PageContext),
  }),
  createToken: resolver({
    access: 'signed-in',
    input: agentTokenPayloads.createToken,
    run: async (input, { actor, context }) => {
      const usable = await queryableLibraries({ libraries: libraries() }, { accountId: actor });
      if (!usable.some((library) => library.id === input.libraryId)) throw new AgentTokenError('invalid', 'Choose a Library you may query.');
      const { token, view: created } = await agentTokens(installationOf(context)).mint(actor, { libraryId: input.libraryId, name: input.name, days: input.days });
      const endpoint = await endpointUrl();
      // The token leaves the server here, once, for the person who minted it; it is never stored or logged.
      return { token, created, setup: endpoint ? setupSnippets(endpoint, token) : [] };
    },
  }),
  revokeToken: resolver({
    access: 'signed-in',
    input: agentTokenPayloads.revokeToken,
    run: async (input, { actor, context }) => ({ revoked: await agentTokens(installationOf(context)).revoke(actor, input.tokenId) }),
  }),
  setExternalAccess: resolver({
    access: 'site-admin',
    input: agentTokenPayloads.setExternalAccess,
    run: async (input, { actor, viewer, context }) => {
      await agentSettings().setExternalAccess(input.enabled, actor);
      return view(actor, viewer, context as PageContext);
    },
  }),
};

export const agentTokensResolver = defineResolvers<AgentTokensApi>('agent-tokens', agentTokenFunctions);
