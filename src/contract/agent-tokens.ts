/**
 * The agent tokens page (`agentTokensResolver`): the tokens the signed-in person holds, minting one (shown once) and,
 * for site admins, the site-wide switch for external agent access. A token is only ever listed, minted or revoked
 * for the caller themself: no payload names a person.
 */
import { z } from 'zod';
import type { AgentTokenView, SetupSnippet } from '../core/agents';
import { libraryId } from './fields';
import type { Result } from './refusal';
import type { UiStatus } from './status';

export const agentTokenPayloads = {
  getStatus: z.object({}),
  getAgentAccess: z.object({}),
  createToken: z.object({
    libraryId,
    name: z.string().max(100, 'Keep the name under 100 characters.').optional(),
    days: z.number({ error: 'days must be a number.' }).int('days must be a whole number.').min(1).max(365).optional(),
  }),
  revokeToken: z.object({ tokenId: z.string({ error: 'Missing tokenId.' }).min(1).max(100) }),
  setExternalAccess: z.object({ enabled: z.boolean({ error: 'enabled must be true or false.' }) }),
};

export interface AgentAccessView {
  tokens: AgentTokenView[];
  libraries: Array<{ id: string; name: string }>;
  externalAccess: boolean;
  canManage: boolean;
  /** The web trigger's URL (the MCP endpoint is `<endpoint>/mcp`); absent when Forge could not give it. */
  endpoint?: string;
}

export interface AgentTokensApi {
  getStatus: { payload: void; result: UiStatus };
  getAgentAccess: { payload: void; result: Result<AgentAccessView> };
  createToken: { payload: z.infer<typeof agentTokenPayloads.createToken>; result: Result<{ token: string; created: AgentTokenView; setup: SetupSnippet[] }> };
  revokeToken: { payload: z.infer<typeof agentTokenPayloads.revokeToken>; result: Result<{ revoked: AgentTokenView }> };
  setExternalAccess: { payload: z.infer<typeof agentTokenPayloads.setExternalAccess>; result: Result<AgentAccessView> };
}

export type { AgentTokenView, SetupSnippet };
