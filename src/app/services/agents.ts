/**
 * The agent tools' composition: the read tools' dependencies as the asker (Rovo actions, where Forge knows the
 * user) or as an agent token's owner (the web trigger, where it does not), and the token and settings stores.
 */
import { confluenceAccess, indexRetriever, type PageAccess } from '../../core/answer';
import { AgentSettingsStore, AgentTokens, ownerAccess, siteTagOf, type AgentSettings } from '../../core/agents';
import { NotFoundError, type ConfluenceClient, type Page } from '../../core/confluence';
import type { Library } from '../../core/library';
import type { AgentDeps, LibraryFreshness, PageFacts, PageSource } from '../../core/usecases';
import { ForgeKeyValueStore, forgeClock } from '../adapters';
import { ForgeLlmSynthesizer } from '../adapters/llm';
import { appClient, clientForLibrary, libraries, searchIndexFor, sourceService, userClient } from './index';

const store = new ForgeKeyValueStore();

function facts(page: Page): PageFacts {
  return {
    id: page.id,
    title: page.title,
    spaceId: String(page.spaceId),
    version: page.version?.number ?? 1,
    ...(page.version?.createdAt ? { lastModified: page.version.createdAt } : {}),
    ...(page._links?.webui ? { webui: page._links.webui } : {}),
  };
}

/** Pages through the identity that indexed the Library: what it holds is what it can read. */
export function libraryPages(clientFor: (library: Library) => ConfluenceClient = clientForLibrary): PageSource {
  return {
    async current(library, pageIds) {
      const pages = await clientFor(library).getPagesByIds(pageIds, { status: ['current'] });
      return new Map(pages.filter((page) => page.status === 'current').map((page) => [page.id, facts(page)]));
    },
    async withBody(library, pageId) {
      try {
        const page = await clientFor(library).getPage(pageId, { bodyFormat: 'storage' });
        if (page.status !== 'current') return undefined;
        return { ...facts(page), storage: page.body?.storage?.value ?? '' };
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
  };
}

async function freshness(library: Library): Promise<LibraryFreshness> {
  const [status, stats] = await Promise.all([sourceService().status(library.id), searchIndexFor(library.id).index.stats()]);
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
    libraries: libraries(),
    retrieverFor: (library) => indexRetriever(searchIndexFor(library.id).index),
    access,
    pages: libraryPages(),
    freshness,
    synthesizer: new ForgeLlmSynthesizer(),
    ...(settings.siteUrl ? { siteUrl: settings.siteUrl } : {}),
  };
}

/** For a Rovo action: Confluence is asked as the invoking user (Forge's `asUser()`), in one bulk request. */
export async function invokerAgentDeps(): Promise<AgentDeps> {
  return deps(confluenceAccess({ asUser: () => userClient(), asApp: appClient }), await agentSettings().get());
}

/** For a request with an agent token: the app asks Confluence about the token owner (no user in a web trigger). */
export function tokenOwnerAgentDeps(settings: AgentSettings): AgentDeps {
  return deps(ownerAccess(appClient, forgeClock), settings);
}

export function agentSettings(): AgentSettingsStore {
  return new AgentSettingsStore(store, forgeClock);
}

/** Agent tokens of this installation; `installation` is the invocation's installContext (or cloud id). */
export function agentTokens(installation: string): AgentTokens {
  return new AgentTokens(store, forgeClock, { siteTag: siteTagOf(installation) });
}
