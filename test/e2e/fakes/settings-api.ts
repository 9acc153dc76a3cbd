/**
 * A small, stateful, in-memory stand-in for the settings resolvers (`AdminApi`, `SpaceSettingsApi` of
 * src/contract), for driving the two settings UIs in a browser without the real backend.
 * A crawl advances one step each time the UI reads a status, so a test watches progress reach "done" by polling.
 */
import type {
  AdminApi,
  LibraryStatus,
  LibrarySummary,
  Refusal as ResolverError,
  SpaceChoice,
  SpaceSettingsApi,
  SpaceStatus,
  UiStatus,
} from '../../../src/contract';
import type { Library } from '../../../src/core/library/types';
import type { CiSecretView } from '../../../src/core/usecases/ci-secret';
import type { ResolverInvocation } from '../../../sandbox/ui';

export interface FakeUser {
  accountId: string;
  displayName: string;
  siteAdmin: boolean;
  /** Keys of the spaces this user administers. */
  spaceAdminOf?: string[];
}

export interface FakeSpace {
  id: string;
  key: string;
  name: string;
  type: string;
  status: string;
  /** How many pages a crawl of this space sees. */
  pages: number;
  /** Pages that fail to parse during the crawl (recorded as the last error). */
  brokenPages?: Array<{ id: string; title: string }>;
}

interface SpaceSync {
  phase: SpaceStatus['phase'];
  seen: number;
  indexed: number;
  failed: number;
  lastScanAt?: number;
  lastError?: SpaceStatus['lastError'];
}

interface Entry {
  library: Library;
  sync: Map<string, SpaceSync>;
  smtpPassword?: string;
  ciSecretAt?: number;
  shipped?: Pick<CiSecretView, 'recent' | 'documents'>;
  index?: LibraryStatus['index'];
}

type Handlers<Api extends { [K in keyof Api]: { payload: unknown; result: unknown } }> = {
  [K in keyof Api]: (payload: Api[K]['payload'], caller: Caller) => Api[K]['result'];
};

interface Caller {
  user: FakeUser;
  moduleKey: string;
  spaceKey?: string;
}

const ADMIN_MODULE = 'librarian-settings';
const SPACE_MODULE = 'librarian-space-settings';

function refuse(code: ResolverError['error']['code'], message: string): ResolverError {
  return { error: { code, message } };
}

function notIndexable(space: FakeSpace): string | undefined {
  if (space.type === 'personal') return 'Personal spaces are never indexed.';
  if (space.type === 'system') return 'System spaces are never indexed.';
  if (space.status === 'archived') return 'Archived spaces are not indexed.';
  return undefined;
}

export class FakeSettingsApi {
  /** Every call the UIs made, in order. */
  readonly calls: Array<{ moduleKey: string; functionKey: string; payload: unknown; accountId: string }> = [];
  /** Test notifications "sent", newest last. */
  readonly notificationsSent: Array<{ libraryId: string; channel: string }> = [];
  private readonly entries = new Map<string, Entry>();
  private nextId = 1;

  constructor(
    private readonly users: FakeUser[],
    private readonly spaces: FakeSpace[],
    /** Crawl steps to read a space, one per status read. */
    private readonly crawlSteps = 3,
  ) {}

  /** The `invokeResolver` for createUiHandler: routes by module, identifies the caller by account id. */
  readonly invoke = async (invocation: ResolverInvocation): Promise<unknown> => {
    const user = this.users.find((u) => u.accountId === invocation.accountId);
    if (!user) return refuse('forbidden', 'Unknown user.');
    this.calls.push({ moduleKey: invocation.moduleKey, functionKey: invocation.functionKey, payload: invocation.payload, accountId: user.accountId });
    const caller: Caller = { user, moduleKey: invocation.moduleKey, spaceKey: invocation.extension.space?.key };
    const handlers: Record<string, (payload: never, caller: Caller) => unknown> =
      invocation.moduleKey === ADMIN_MODULE ? this.admin : invocation.moduleKey === SPACE_MODULE ? this.space : {};
    const handler = handlers[invocation.functionKey];
    if (!handler) throw new Error(`No resolver function ${invocation.functionKey} for ${invocation.moduleKey}`);
    return handler(invocation.payload as never, caller);
  };

  // ---- test controls -----------------------------------------------------------------------------------------

  /** Creates a Library directly (as a site admin would), optionally connected and with spaces already indexed. */
  seedLibrary(name: string, options: { connected?: boolean; readySpaceKeys?: string[]; by?: string } = {}): string {
    const by = options.by ?? 'seed';
    const summary = this.createLibrary(name, by);
    const entry = this.entries.get(summary.library.id)!;
    if (options.connected || options.readySpaceKeys?.length) {
      entry.library.source = { kind: 'confluence', identity: { kind: 'app' }, connectedBy: by, connectedAt: Date.now() - 3 * 3600_000, health: { state: 'ok' }, spaces: [] };
    }
    for (const key of options.readySpaceKeys ?? []) {
      const space = this.spaceByKey(key);
      entry.library.source!.spaces.push({ id: space.id, key: space.key, name: space.name, selectedAt: Date.now(), selectedBy: by });
      entry.sync.set(space.id, { phase: 'ready', seen: space.pages, indexed: space.pages, failed: 0, lastScanAt: Date.now() - 4 * 60_000 });
    }
    return summary.library.id;
  }

  /** What `librarian ship` left for the CI section to list: the last changes and the mapped Documents. */
  shipped(libraryId: string, activity: Pick<CiSecretView, 'recent' | 'documents'>): void {
    const entry = this.entries.get(libraryId);
    if (!entry) throw new Error('shipped: no such Library');
    entry.shipped = activity;
  }

  /** What a 401 during a sync does: the Source needs reauthorization and its syncing stops. */
  lapse(libraryId: string, reason: string, since = Date.now() - 2 * 3600_000): void {
    const source = this.entries.get(libraryId)?.library.source;
    if (!source) throw new Error('lapse: the Library has no Source');
    source.health = { state: 'needs_reauthorization', since, reason, notifiedAt: since + 60_000 };
  }

  /** What a merge that meets a garbled index value records: the index's last error, with its way out. */
  corruptIndex(libraryId: string, message: string): void {
    const entry = this.entries.get(libraryId);
    if (!entry) throw new Error('corruptIndex: no such Library');
    entry.index = { lastError: { at: Date.now() - 60_000, message, action: 'rebuild-index' } };
  }

  /** Whether a rebuild of the Library's index was asked for (and not yet finished). */
  rebuilding(libraryId: string): boolean {
    return this.entries.get(libraryId)?.index?.rebuildingSince !== undefined;
  }

  library(libraryId: string): Library | undefined {
    return this.entries.get(libraryId)?.library;
  }

  hasSmtpPassword(libraryId: string): boolean {
    return Boolean(this.entries.get(libraryId)?.smtpPassword);
  }

  // ---- AdminApi ----------------------------------------------------------------------------------------------

  private readonly admin: Handlers<AdminApi> = {
    getStatus: (_payload, caller) => this.uiStatus(caller),
    listLibraries: (_payload, caller) => ({
      libraries: [...this.entries.values()].map((entry) => this.summary(entry.library.id)),
      canManage: caller.user.siteAdmin,
    }),
    createLibrary: (payload, caller) => {
      if (!caller.user.siteAdmin) return refuse('forbidden', 'Only site admins can change Libraries.');
      const name = payload.name.trim();
      if (!name) return refuse('invalid', 'Give the Library a name.');
      if ([...this.entries.values()].some((e) => e.library.name.toLowerCase() === name.toLowerCase())) return refuse('conflict', `A Library named “${name}” already exists.`);
      return this.createLibrary(name, caller.user.accountId);
    },
    updateLibrary: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      const library = entry.library;
      if (payload.visibility === 'public' && !payload.confirmPublic) return refuse('invalid', 'Making a Library public needs an explicit confirmation.');
      if (payload.name !== undefined) library.name = payload.name.trim();
      if (payload.visibility !== undefined) {
        library.visibility = payload.visibility;
        if (payload.visibility === 'public') library.publicConfirmation = { by: caller.user.accountId, at: Date.now() };
        else delete library.publicConfirmation;
      }
      if (payload.autoAccept !== undefined) library.autoAccept = payload.autoAccept;
      if (payload.synthesis !== undefined) library.synthesis = payload.synthesis;
      if (payload.notification !== undefined) library.notification = payload.notification;
      library.updatedAt = Date.now();
      library.updatedBy = caller.user.accountId;
      return this.summary(library.id);
    },
    deleteLibrary: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      this.entries.delete(payload.libraryId);
      return { deleted: true };
    },
    connectSource: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      const identity = payload.identity === 'user' ? { kind: 'user' as const, accountId: caller.user.accountId } : { kind: 'app' as const };
      const spaces = entry.library.source?.spaces ?? [];
      entry.library.source = { kind: 'confluence', identity, connectedBy: caller.user.accountId, connectedAt: Date.now(), health: { state: 'ok' }, spaces };
      return this.summary(payload.libraryId);
    },
    listSpaceChoices: (payload) => {
      const entry = this.entries.get(payload.libraryId);
      if (!entry) return refuse('not_found', 'No such Library.');
      if (!entry.library.source) return refuse('invalid', 'Connect Confluence as a Source first.');
      const selected = new Set(entry.library.source.spaces.map((s) => s.id));
      const spaces: SpaceChoice[] = this.spaces
        .map((s) => ({ id: s.id, key: s.key, name: s.name, type: s.type, status: s.status, selected: selected.has(s.id), notIndexable: notIndexable(s) }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { spaces };
    },
    selectSpaces: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      if (!entry.library.source) return refuse('invalid', 'Connect Confluence as a Source first.');
      const wanted = payload.spaceIds.map((id) => this.spaces.find((s) => s.id === id));
      if (wanted.some((s) => !s)) return refuse('invalid', 'The Source cannot read one of these spaces.');
      const refused = (wanted as FakeSpace[]).filter((s) => notIndexable(s));
      if (refused.length) return refuse('invalid', refused.map((s) => `${s.name}: ${notIndexable(s)}`).join(' '));
      this.setSelection(entry, wanted as FakeSpace[], caller.user.accountId);
      return this.summary(payload.libraryId);
    },
    getLibraryStatus: (payload) => {
      const entry = this.entries.get(payload.libraryId);
      if (!entry) return refuse('not_found', 'No such Library.');
      this.advance(entry);
      return this.summary(payload.libraryId);
    },
    reconnect: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      if (!entry.library.source) return refuse('invalid', 'Connect Confluence as a Source first.');
      entry.library.source.health = { state: 'ok' };
      return this.summary(payload.libraryId);
    },
    rebuildIndex: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      if (!entry.library.source) return refuse('invalid', 'Connect Confluence as a Source first.');
      entry.index = { ...entry.index, rebuildingSince: entry.index?.rebuildingSince ?? Date.now() };
      return this.summary(payload.libraryId);
    },
    setSmtpPassword: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      entry.smtpPassword = payload.password;
      return { saved: true };
    },
    sendTestNotification: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      const channel = entry.library.notification.kind;
      if (channel === 'smtp' && !entry.smtpPassword && entry.library.notification.username) return refuse('invalid', 'Save the SMTP password first.');
      this.notificationsSent.push({ libraryId: payload.libraryId, channel });
      return { sent: true, channel };
    },
    getCiSecret: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      return this.ciView(payload.libraryId);
    },
    rotateCiSecret: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      entry.ciSecretAt = Date.now();
      return { ...this.ciView(payload.libraryId), secret: `fake-ci-secret-${entry.ciSecretAt}` };
    },
    revokeCiSecret: (payload, caller) => {
      const entry = this.writable(payload.libraryId, caller);
      if ('error' in entry) return entry;
      delete entry.ciSecretAt;
      return this.ciView(payload.libraryId);
    },
  };

  private ciView(libraryId: string) {
    const entry = this.entries.get(libraryId);
    const at = entry?.ciSecretAt;
    return { libraryId, exists: at !== undefined, ...(at !== undefined ? { createdAt: at } : {}), shipUrl: 'https://fake.example/x1/ship', recent: entry?.shipped?.recent ?? [], documents: entry?.shipped?.documents ?? [] };
  }

  // ---- SpaceSettingsApi --------------------------------------------------------------------------------------

  private readonly space: Handlers<SpaceSettingsApi> = {
    getStatus: (_payload, caller) => this.uiStatus(caller),
    getSpaceStatus: (_payload, caller) => {
      const space = this.contextSpace(caller);
      if (!space) return refuse('not_found', 'This page is not shown in a space.');
      for (const entry of this.entries.values()) this.advance(entry);
      return this.spaceView(space, caller);
    },
    setSpaceIncluded: (payload, caller) => {
      const space = this.contextSpace(caller);
      if (!space) return refuse('not_found', 'This page is not shown in a space.');
      if (!this.canManageSpace(caller, space)) return refuse('forbidden', 'Only this space’s admins can change this.');
      const entry = this.entries.get(payload.libraryId);
      if (!entry) return refuse('not_found', 'No such Library.');
      if (!entry.library.source) return refuse('invalid', 'A site admin must connect Confluence to this Library first.');
      if (payload.included && notIndexable(space)) return refuse('invalid', `${space.name}: ${notIndexable(space)}`);
      const others = entry.library.source.spaces.filter((s) => s.id !== space.id).map((s) => this.spaces.find((x) => x.id === s.id)!);
      this.setSelection(entry, payload.included ? [...others, space] : others, caller.user.accountId);
      return this.spaceView(space, caller);
    },
  };

  // ---- internals ---------------------------------------------------------------------------------------------

  private uiStatus(caller: Caller): UiStatus {
    return { accountId: caller.user.accountId, displayName: caller.user.displayName, licensed: true, moduleKey: caller.moduleKey, isSiteAdmin: caller.user.siteAdmin, comingSoon: false };
  }

  private createLibrary(name: string, by: string): LibrarySummary {
    const now = Date.now();
    const id = `lib-${this.nextId++}`;
    const library: Library = {
      id,
      name,
      visibility: 'private',
      autoAccept: false,
      synthesis: false,
      notification: { kind: 'confluence-mention' },
      createdAt: now,
      createdBy: by,
      updatedAt: now,
      updatedBy: by,
    };
    this.entries.set(id, { library, sync: new Map() });
    return this.summary(id);
  }

  private writable(libraryId: string, caller: Caller): Entry | ResolverError {
    if (!caller.user.siteAdmin) return refuse('forbidden', 'Only site admins can change Libraries.');
    return this.entries.get(libraryId) ?? refuse('not_found', 'No such Library.');
  }

  private setSelection(entry: Entry, spaces: FakeSpace[], by: string): void {
    const source = entry.library.source!;
    const before = new Set(source.spaces.map((s) => s.id));
    source.spaces = spaces.map((s) => source.spaces.find((x) => x.id === s.id) ?? { id: s.id, key: s.key, name: s.name, selectedAt: Date.now(), selectedBy: by });
    for (const space of spaces) if (!before.has(space.id)) entry.sync.set(space.id, { phase: 'crawling', seen: 0, indexed: 0, failed: 0 });
    for (const id of before) if (!spaces.some((s) => s.id === id)) entry.sync.delete(id);
  }

  /** One crawl step for every crawling space, unless the Source is stopped for reauthorization. */
  private advance(entry: Entry): void {
    if (entry.library.source?.health.state !== 'ok') return;
    for (const [spaceId, sync] of entry.sync) {
      if (sync.phase !== 'crawling') continue;
      const space = this.spaces.find((s) => s.id === spaceId)!;
      const broken = space.brokenPages ?? [];
      sync.seen = Math.min(space.pages, sync.seen + Math.ceil(space.pages / this.crawlSteps));
      sync.failed = sync.seen >= space.pages ? broken.length : 0;
      sync.indexed = sync.seen - sync.failed;
      if (sync.failed && broken[0]) sync.lastError = { at: Date.now(), message: `The page “${broken[0].title}” could not be read.`, pageId: broken[0].id };
      if (sync.seen >= space.pages) {
        sync.phase = 'ready';
        sync.lastScanAt = Date.now();
      }
    }
  }

  private summary(libraryId: string): LibrarySummary {
    const entry = this.entries.get(libraryId)!;
    return { library: structuredClone(entry.library), status: this.status(entry) };
  }

  private status(entry: Entry): LibraryStatus {
    const source = entry.library.source;
    return {
      libraryId: entry.library.id,
      health: source ? structuredClone(source.health) : { state: 'not_connected' },
      spaces: (source?.spaces ?? []).map((selected) => this.spaceStatus(entry, selected.id)),
      ...(entry.index ? { index: structuredClone(entry.index) } : {}),
    };
  }

  private spaceStatus(entry: Entry, spaceId: string): SpaceStatus {
    const space = this.spaces.find((s) => s.id === spaceId)!;
    const sync = entry.sync.get(spaceId);
    if (!sync) return { spaceId, spaceKey: space.key, name: space.name, phase: 'waiting', pagesIndexed: 0, pagesFailed: 0 };
    return {
      spaceId,
      spaceKey: space.key,
      name: space.name,
      phase: sync.phase,
      pagesIndexed: sync.indexed,
      pagesFailed: sync.failed,
      ...(sync.phase === 'crawling' ? { progress: Math.min(0.99, sync.seen / space.pages), pagesExpected: space.pages } : sync.phase === 'ready' ? { progress: 1 } : {}),
      ...(sync.lastScanAt ? { lastScanAt: sync.lastScanAt } : {}),
      ...(sync.lastError ? { lastError: sync.lastError } : {}),
    };
  }

  private contextSpace(caller: Caller): FakeSpace | undefined {
    return caller.spaceKey ? this.spaces.find((s) => s.key === caller.spaceKey) : undefined;
  }

  private canManageSpace(caller: Caller, space: FakeSpace): boolean {
    return caller.user.siteAdmin || Boolean(caller.user.spaceAdminOf?.includes(space.key));
  }

  private spaceView(space: FakeSpace, caller: Caller): SpaceSettingsApi['getSpaceStatus']['result'] {
    return {
      space: { id: space.id, key: space.key, name: space.name, ...(notIndexable(space) ? { notIndexable: notIndexable(space) } : {}) },
      canManage: this.canManageSpace(caller, space),
      libraries: [...this.entries.values()].map((entry) => {
        const included = Boolean(entry.library.source?.spaces.some((s) => s.id === space.id));
        return {
          libraryId: entry.library.id,
          name: entry.library.name,
          included,
          ...(included ? { status: this.spaceStatus(entry, space.id) } : {}),
          health: this.status(entry).health,
        };
      }),
    };
  }

  private spaceByKey(key: string): FakeSpace {
    const space = this.spaces.find((s) => s.key === key);
    if (!space) throw new Error(`No fake space ${key}`);
    return space;
  }
}
