/**
 * The agent tools' composition: the read tools' dependencies as the asker (Rovo actions, where Forge knows the
 * user) or as an agent token's owner (the web trigger, where it does not), and the token and settings stores.
 */
import { confluenceAccess, type PageAccess } from '../../core/answer';
import { AgentSettingsStore, AgentTokens, ownerAccess, siteTagOf, type AgentSettings } from '../../core/agents';
import type { Library } from '../../core/library';
import { confluencePages, type AgentDeps, type LibraryFreshness } from '../../core/usecases';
import { ForgeKeyValueStore, forgeClock } from '../adapters';
import { ForgeLlmSynthesizer } from '../adapters/llm';
import { reviewContext } from './review';
import { errorKind } from '../../core/errors';
import { appClient, askBudget, askReads, clientForLibrary, reportIndexProblem, searchIndexFor, sourceService, userClient } from './index';

const store = new ForgeKeyValueStore();

/** The index's page count; a damaged stats record is recorded as the Library's index problem (list-libraries then shows no freshness). */
async function indexStats(libraryId: string) {
  try {
    return await searchIndexFor(libraryId).index.stats();
  } catch (error) {
    if (errorKind(error) === 'corrupt') await reportIndexProblem(libraryId, (error as Error).message).catch(() => undefined);
    throw error;
  }
}

async function freshness(library: Library): Promise<LibraryFreshness> {
  const [status, stats] = await Promise.all([sourceService().status(library.id), indexStats(library.id)]);
  const lastScanAt = status.scan?.lastScanAt ?? Math.max(0, ...status.spaces.map((space) => space.lastScanAt ?? 0));
  return {
    pages: stats.pages,
    ...(lastScanAt ? { lastScanAt } : {}),
    health: status.health.state,
    spaces: status.spaces.map((space) => ({ key: space.spaceKey, name: space.name, phase: space.phase })),
  };
}

function deps(access: PageAccess, settings: AgentSettings): AgentDeps {
  return {
    ...askReads(),
    access,
    pages: confluencePages(clientForLibrary),
    freshness,
    synthesizer: new ForgeLlmSynthesizer(),
    // The Ask macro's budget: a person and their agents (Rovo and tokens alike) ask from one.
    budget: askBudget(),
    ...(settings.siteUrl ? { siteUrl: settings.siteUrl } : {}),
  };
}

/** For a Rovo action: Confluence is asked as the invoking user (Forge's `asUser()`), in one bulk request. */
export async function invokerAgentDeps(): Promise<AgentDeps> {
  return deps(confluenceAccess({ asUser: () => userClient(), asApp: appClient }), await agentSettings().get());
}

/** For a request with an agent token: the app asks Confluence about the token owner (no user in a web trigger). */
export function tokenOwnerAgentDeps(settings: AgentSettings, installation: string): AgentDeps {
  const review = reviewContext();
  // propose-update reads the page as the app, after asking Confluence that the owner may read it (no asUser here).
  return { ...deps(ownerAccess(appClient, forgeClock, installation), settings), review: { ...review, asUser: review.asApp } };
}

export function agentSettings(): AgentSettingsStore {
  return new AgentSettingsStore(store, forgeClock);
}

/** Agent tokens of this installation; `installation` is the invocation's installContext (or cloud id). */
export function agentTokens(installation: string): AgentTokens {
  return new AgentTokens(store, forgeClock, { siteTag: siteTagOf(installation) });
}
