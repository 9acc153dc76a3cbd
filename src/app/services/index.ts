/**
 * The app's composition root: builds the product's services from the Forge adapters, once per invocation.
 * Resolvers, triggers, consumers and actions ask for what they need here and stay thin.
 */
import { AskBudget, askLibrary, confluenceAccess, indexRetriever, reportingIndexProblems, type AskDeps, type AskInput, type Synthesizer } from '../../core/answer';
import { ConfluenceClient, getUsersByAccountIds } from '../../core/confluence';
import { SearchIndex } from '../../core/index';
import { LibraryRepository, type Library } from '../../core/library';
import { PrefixedStore } from '../../core/store/prefixed-store';
import { SharedReads } from '../../core/store/shared-reads';
import {
  PeopleDirectory,
  SourceService,
  SyncStateStore,
  confluenceSource,
  librarySyncIndex,
  recordIndexProblem,
  safeMessage,
  syncSettings,
  type SyncNotifier,
} from '../../core/sync';
import { QUEUES, queueOf, type Job, type JobContext, type QueueName } from '../../core/jobs';
import { ProposalStore } from '../../core/review';
import type { JobQueue, KeyValueStore } from '../../core/ports';
import { ReauthorizationNotifier } from '../../core/notify';
import type { CiSecretDeps, SettingsDeps } from '../../core/usecases';
import { CiSecrets } from '../../core/ship';
import { ShipRecords } from '../../core/ship/records';
import { forgetShipData } from '../../core/ship/forget';
import { DocumentLinks } from '../../core/documents/links';
import { ForgeLlmSynthesizer } from '../adapters/llm';
import { webTrigger } from '@forge/api';
import { ForgeConfluenceTransport, ForgeJobQueue, ForgeKeyValueStore, NO_STORAGE_BACKOFF, forgeClock, forgeDeadline } from '../adapters';
import { nodemailerTransport } from '../adapters/mail';
import { logLine } from '../log';


/**
 * Who is reading storage. A person waiting (a resolver, an action, a trigger) gets requests that wait out the
 * per-second storage limit for a moment; a queue consumer gets none, because the sync and the merger re-queue with
 * a delay on any storage refusal (never sleeping in a function).
 */
export type StorageUse = 'interactive' | 'queue';

const store = new ForgeKeyValueStore();
const queueStore = new ForgeKeyValueStore(NO_STORAGE_BACKOFF);
const storeFor = (use: StorageUse): ForgeKeyValueStore => (use === 'queue' ? queueStore : store);
const clock = forgeClock;

export function libraries(use: StorageUse = 'interactive'): LibraryRepository {
  return new LibraryRepository(storeFor(use), clock);
}

/** A Library's search index lives under its own prefix, so deleting the Library is deleting that prefix. */
export function searchIndexFor(libraryId: string, use: StorageUse = 'interactive', base: KeyValueStore = storeFor(use)): { index: SearchIndex; store: PrefixedStore } {
  const scoped = new PrefixedStore(base, `ix.${libraryId}.`);
  // A merge stops on its run budget or near the invocation's deadline, whichever comes first.
  return { index: new SearchIndex(scoped, { deadline: forgeDeadline }), store: scoped };
}

/** Confluence as a Library's Source identity: the app's account, or the admin who connected as themself. */
export function clientForLibrary(library: Library | undefined): ConfluenceClient {
  const identity = library?.source?.identity;
  if (identity?.kind === 'user') return ConfluenceClient.create(new ForgeConfluenceTransport({ userAccountId: identity.accountId }), 'user');
  return ConfluenceClient.create(new ForgeConfluenceTransport(), 'app');
}

export function appClient(): ConfluenceClient {
  return ConfluenceClient.create(new ForgeConfluenceTransport(), 'app');
}

/** Confluence as the person invoking (a resolver or action): what they may read is what Confluence lets them. */
export function userClient(): ConfluenceClient {
  return ConfluenceClient.create(new ForgeConfluenceTransport(), 'user');
}

const forgeQueues = new Map<QueueName, ForgeJobQueue<Job & Record<string, unknown>>>(
  Object.values(QUEUES).map((name) => [name, new ForgeJobQueue<Job & Record<string, unknown>>(name)]),
);

/** Pushes jobs of any kind, each onto the queue its definition names (one push per queue). */
export const jobQueue: JobQueue<Job> = {
  async push(jobs, options) {
    const byQueue = new Map<QueueName, Job[]>();
    for (const job of jobs) {
      const queue = queueOf(job);
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), job]);
    }
    let id = '';
    for (const [queue, events] of byQueue) id = await forgeQueues.get(queue)!.push(events as Array<Job & Record<string, unknown>>, options);
    return id;
  },
};

/**
 * The admins to @-mention when a Source needs reauthorization: the people who created, changed or connected a
 * Library, all site admins (only they may), so no extra permission or group lookup is needed.
 */
async function librarianAdmins(): Promise<string[]> {
  const ids = new Set<string>();
  for (const library of await libraries().list()) {
    for (const id of [library.createdBy, library.updatedBy, library.source?.connectedBy]) if (id) ids.add(id);
  }
  return [...ids];
}

/** How admins are told that a Source needs reauthorization (a Confluence @-mention, or SMTP where egress allows). */
export function notifier(): ReauthorizationNotifier {
  return new ReauthorizationNotifier({
    libraries: libraries(),
    store,
    secrets: store,
    confluence: appClient(),
    adminAccountIds: librarianAdmins,
    mail: nodemailerTransport,
    clock,
  });
}

const logOnlyNotifier: SyncNotifier = {
  async reauthorizationNeeded(libraryId) {
    logLine('sync', `library ${libraryId} needs reauthorization`);
  },
};

/**
 * Names for @-mentions, asked as the app: a display name is the site's, whichever identity reads the pages, and
 * the app may always ask (the call needs only the "Can use" permission). Cached app-wide under `people.`.
 */
function people(use: StorageUse): PeopleDirectory {
  return new PeopleDirectory({
    store: storeFor(use),
    clock,
    lookup: (accountIds) => getUsersByAccountIds(appClient(), accountIds),
    onLookupFailed: (error) => logLine('sync', `display names unavailable, mentions indexed as account ids: ${safeMessage(error)}`),
  });
}

/** Everything a job needs (src/core/jobs); the runner queues the merges a job's index writes call for. */
export function syncContext(use: StorageUse = 'interactive'): JobContext {
  const repo = libraries(use);
  return {
    libraries: repo,
    state: new SyncStateStore(storeFor(use)),
    queue: jobQueue,
    clock,
    notifier: {
      async reauthorizationNeeded(libraryId, reason) {
        await logOnlyNotifier.reauthorizationNeeded(libraryId, reason);
        await notifier().reauthorizationNeeded(libraryId, reason);
      },
    },
    settings: syncSettings,
    people: people(use),
    async sourceFor(libraryId) {
      return confluenceSource(clientForLibrary(await repo.get(libraryId)));
    },
    indexFor(libraryId) {
      return librarySyncIndex(searchIndexFor(libraryId, use).index);
    },
    ship: {
      searchIndex: (libraryId) => searchIndexFor(libraryId, use).index,
      store: storeFor(use),
      proposals: new ProposalStore(storeFor(use), clock),
      sourceClient: (library) => clientForLibrary(library),
      appClient,
      log: (line) => logLine('documents', line),
      // Asked only for a Library whose admin turned on "Draft prose fixes"; the SDK loads on the first call.
      drafter: new ForgeLlmSynthesizer(),
    },
  };
}

export function sourceService(): SourceService {
  return new SourceService(syncContext());
}

/** What the settings use cases (src/core/usecases) work with. */
export function settingsDeps(): SettingsDeps {
  return {
    libraries: libraries(),
    sources: sourceService(),
    notifier: notifier(),
    async findSpace(key) {
      return (await appClient().listSpaces({ keys: [key], limit: 1 })).results[0];
    },
    async forgetShipData(libraryId) {
      await forgetShipData(store, store, libraryId);
    },
  };
}

/** The ship web trigger's module key (manifest.yml): `librarian ship` posts there. */
export const SHIP_WEBTRIGGER = 'librarian-ship';

/** What the CI secret's settings work with: the secret beside the other secrets, the ship records, the URL. */
export function ciSecretDeps(): CiSecretDeps {
  return {
    libraries: libraries(),
    secrets: new CiSecrets(store),
    records: new ShipRecords(store),
    documents: { links: new DocumentLinks(store), proposals: new ProposalStore(store, clock) },
    async shipUrl() {
      try {
        return await webTrigger.getUrl(SHIP_WEBTRIGGER);
      } catch {
        logLine('admin', 'ship web trigger URL unavailable');
        return undefined;
      }
    },
    clock,
  };
}

/**
 * The Libraries and a Library's retriever for answering, over one store whose reads of the same moment share a
 * request (SharedReads): the Library's record rides with the first term heads, its re-check with the chunk text.
 * A damaged index value a question meets is recorded as the Library's index problem (once per message), as a
 * merge would record it, so site admins see "Rebuild index"; the asker is told the index needs a rebuild.
 */
export function askReads(): { libraries: LibraryRepository; retrieverFor: AskDeps['retrieverFor'] } {
  const reads = new SharedReads(storeFor('interactive'));
  return {
    libraries: new LibraryRepository(reads, clock),
    retrieverFor: (libraryId) => reportingIndexProblems(indexRetriever(searchIndexFor(libraryId, 'interactive', reads).index), (message) => reportIndexProblem(libraryId, message)),
  };
}

/**
 * Records a damaged index value a person's request met (a `corrupt` failure's message: it names the key, never
 * the value) as the Library's index problem, unless that message is already recorded. Throws when storage
 * refuses; callers answer the person without waiting on it (src/core/answer/index-problems.ts).
 */
export async function reportIndexProblem(libraryId: string, message: string): Promise<void> {
  try {
    await recordIndexProblem(new SyncStateStore(storeFor('interactive')), clock.now(), libraryId, safeMessage(message), { onlyIfNew: true });
    logLine('ask', `index problem recorded for Library ${libraryId}`);
  } catch (error) {
    logLine('ask', `index problem not recorded for Library ${libraryId}: ${(error as Error)?.name ?? 'error'}`);
    throw error;
  }
}

/** What answering a question works with; `synthesizer` is Forge LLM when the app provides it. */
export function askDeps(synthesizer?: Synthesizer): AskDeps {
  return {
    ...askReads(),
    access: confluenceAccess({ asUser: () => userClient(), asApp: appClient }),
    synthesizer,
  };
}

/** The per-account and installation-wide question budgets (src/core/answer/ask-budget.ts), kept in KVS. */
export function askBudget(): AskBudget {
  return new AskBudget(store, clock);
}

/** Answers a question as the invoking user; `synthesizer` is Forge LLM when the app provides it. */
export function ask(input: AskInput, synthesizer?: Synthesizer) {
  return askLibrary(askDeps(synthesizer), input);
}
