import type { Clock, KeyValueStore } from '../ports';
import { LibraryError } from './errors';
import type { Library, NotificationChannel, SelectedSpace, SourceHealth, SourceIdentity, Visibility } from './types';
import { listByPrefix } from '../store/list-by-prefix';

const LIBRARY_PREFIX = 'lib:';
/** One marker per written revision (`librev:<id>:<n>`): a write of revision n succeeds only if n is not taken. */
const REVISION_PREFIX = 'librev:';
/** Writers racing on one Library re-read and re-apply their change this many times before giving up. */
const MAX_WRITE_ATTEMPTS = 5;
/** A revision claimed this long ago whose record was never written belongs to a writer that died. */
const ABANDONED_CLAIM_MS = 60_000;
const MAX_NAME_LENGTH = 100;
const MAX_LIBRARIES = 100;

export interface CreateLibraryInput {
  name: string;
  visibility?: Visibility;
  confirmPublic?: boolean;
  autoAccept?: boolean;
}

export interface UpdateLibraryInput {
  name?: string;
  visibility?: Visibility;
  confirmPublic?: boolean;
  autoAccept?: boolean;
  synthesis?: boolean;
  draftProse?: boolean;
  notification?: NotificationChannel;
}

/**
 * Libraries and their Sources, stored one value per Library under `lib:<id>`.
 * Callers check who is asking (admin rights) before calling a write: this class only keeps records valid.
 * Every write is a change applied to the freshly read record and committed only if nobody wrote in between
 * (optimistic concurrency: each revision is claimed atomically before it is written), so concurrent admins, space admins and sync jobs never
 * lose each other's changes.
 */
export class LibraryRepository {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly newId: () => string = () => globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12),
  ) {}

  /** Every Library, including ones being deleted (callers filter with `isUsable`). */
  async list(): Promise<Library[]> {
    const { entries } = await listByPrefix<Library>(this.store, LIBRARY_PREFIX);
    const libraries = entries.map((entry) => entry.value);
    return libraries.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<Library | undefined> {
    if (!isLibraryId(id)) return undefined;
    return this.store.get<Library>(LIBRARY_PREFIX + id);
  }

  /** Like get, but a missing or deleting Library is an error the UI can show. */
  async require(id: string): Promise<Library> {
    const library = await this.get(id);
    if (!isUsable(library)) throw new LibraryError('not_found', 'That Library does not exist (it may have been deleted).');
    return library;
  }

  async create(input: CreateLibraryInput, actor: string): Promise<Library> {
    const existing = await this.list();
    if (existing.length >= MAX_LIBRARIES) throw new LibraryError('invalid', `A site can have at most ${MAX_LIBRARIES} Libraries.`);
    const name = validName(input.name);
    if (existing.some((library) => isUsable(library) && library.name.toLowerCase() === name.toLowerCase())) {
      throw new LibraryError('conflict', `A Library named "${name}" already exists.`);
    }
    const now = this.clock.now();
    const visibility = input.visibility ?? 'private';
    const library: Library = {
      id: this.newId(),
      name,
      // Private until applyVisibility accepts the wanted one: a public Library needs its confirmation first.
      visibility: 'private',
      autoAccept: input.autoAccept ?? false,
      synthesis: false,
      draftProse: false,
      notification: { kind: 'confluence-mention' },
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
      updatedBy: actor,
    };
    applyVisibility(library, visibility, input.confirmPublic, actor, now);
    await this.store.set(LIBRARY_PREFIX + library.id, library);
    return library;
  }

  async update(id: string, input: UpdateLibraryInput, actor: string): Promise<Library> {
    let name: string | undefined;
    if (input.name !== undefined) {
      name = validName(input.name);
      const others = (await this.list()).filter((other) => other.id !== id && isUsable(other));
      if (others.some((other) => other.name.toLowerCase() === name!.toLowerCase())) {
        throw new LibraryError('conflict', `A Library named "${name}" already exists.`);
      }
    }
    return (
      await this.change(id, actor, (library) => {
        const now = this.clock.now();
        if (name !== undefined) library.name = name;
        if (input.visibility !== undefined) applyVisibility(library, input.visibility, input.confirmPublic, actor, now);
        if (input.autoAccept !== undefined) library.autoAccept = Boolean(input.autoAccept);
        if (input.synthesis !== undefined) library.synthesis = Boolean(input.synthesis);
        if (input.draftProse !== undefined) library.draftProse = Boolean(input.draftProse);
        if (input.notification !== undefined) library.notification = validNotification(input.notification);
      })
    ).library;
  }

  /** Connects Confluence as the Library's Source (or changes the identity it reads with). */
  async connectSource(id: string, identity: SourceIdentity, actor: string): Promise<Library> {
    return (
      await this.change(id, actor, (library) => {
        library.source = {
          kind: 'confluence',
          identity,
          connectedBy: actor,
          connectedAt: this.clock.now(),
          health: { state: 'ok' },
          spaces: library.source?.spaces ?? [],
        };
      })
    ).library;
  }

  /** Replaces the selected spaces (the settings page's whole selection); returns which were added and removed. */
  async setSpaces(id: string, spaces: Array<Omit<SelectedSpace, 'selectedAt' | 'selectedBy'>>, actor: string): Promise<SpacesChange> {
    return this.changeSpaces(id, actor, () => spaces);
  }

  /** Adds or removes one space, keeping whatever else others selected meanwhile (the space settings page). */
  async includeSpace(id: string, space: Omit<SelectedSpace, 'selectedAt' | 'selectedBy'>, included: boolean, actor: string): Promise<SpacesChange> {
    return this.changeSpaces(id, actor, (current) => [...current.filter((other) => other.id !== space.id), ...(included ? [space] : [])]);
  }

  async setHealth(id: string, health: SourceHealth): Promise<Library | undefined> {
    const library = await this.get(id);
    if (!isUsable(library) || !library.source) return undefined;
    try {
      // Health is the sync's, not an admin's: the record's updatedBy stays who last changed the settings.
      return (
        await this.change(id, library.updatedBy, (fresh) => {
          if (!fresh.source) throw new LibraryError('invalid', 'no source');
          fresh.source.health = health;
        }, { keepUpdated: true })
      ).library;
    } catch (error) {
      if (error instanceof LibraryError) return undefined;
      throw error;
    }
  }

  /** First step of deletion: the Library stops answering and syncing at once; its index is removed by a job. */
  async markDeleting(id: string, actor: string): Promise<Library> {
    return (
      await this.change(id, actor, (library) => {
        library.deletingSince = this.clock.now();
      })
    ).library;
  }

  /** Last step of deletion, once the index and sync state are gone. */
  async remove(id: string): Promise<void> {
    if (!isLibraryId(id)) return;
    await this.store.delete(LIBRARY_PREFIX + id);
    for (;;) {
      const page = await this.store.list<unknown>(`${REVISION_PREFIX}${id}:`, { limit: 100 });
      if (!page.entries.length) break;
      await this.store.deleteMany(page.entries.map((entry) => entry.key));
    }
  }

  private async changeSpaces(id: string, actor: string, next: (current: SelectedSpace[]) => Array<Omit<SelectedSpace, 'selectedAt' | 'selectedBy'>>): Promise<SpacesChange> {
    let added: SelectedSpace[] = [];
    let removed: SelectedSpace[] = [];
    const { library } = await this.change(id, actor, (fresh) => {
      if (!fresh.source) throw new LibraryError('invalid', 'Connect Confluence as a Source before choosing spaces.');
      const now = this.clock.now();
      const before = new Map(fresh.source.spaces.map((space) => [space.id, space]));
      const chosen: SelectedSpace[] = [];
      const seen = new Set<string>();
      for (const space of next(fresh.source.spaces)) {
        if (seen.has(space.id)) continue;
        seen.add(space.id);
        chosen.push(before.get(space.id) ?? { ...space, selectedAt: now, selectedBy: actor });
      }
      added = chosen.filter((space) => !before.has(space.id));
      removed = [...before.values()].filter((space) => !seen.has(space.id));
      fresh.source.spaces = chosen;
    });
    return { library, added, removed };
  }

  /**
   * Reads the Library, applies `mutate`, and writes revision n+1 only after atomically claiming its marker
   * (`setIfAbsent`, atomic on Forge KVS); a writer that loses the claim re-reads and re-applies its change. A
   * marker claimed by a writer that died before writing the record is skipped once it is a minute old.
   */
  private async change(id: string, actor: string, mutate: (library: Library) => void, options: { keepUpdated?: boolean } = {}): Promise<{ library: Library }> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const library = await this.require(id);
      const current = library.revision ?? 0;
      mutate(library);
      let revision = current + 1;
      let claimed = await this.store.setIfAbsent(this.marker(id, revision), { at: this.clock.now() });
      while (!claimed && (await this.abandoned(id, revision, current))) {
        revision += 1;
        claimed = await this.store.setIfAbsent(this.marker(id, revision), { at: this.clock.now() });
      }
      if (!claimed) continue;
      library.revision = revision;
      if (!options.keepUpdated) {
        library.updatedAt = this.clock.now();
        library.updatedBy = actor;
      }
      await this.store.set(LIBRARY_PREFIX + id, library);
      return { library };
    }
    throw new LibraryError('conflict', 'Someone else is changing this Library right now. Try again.');
  }

  private marker(id: string, revision: number): string {
    return `${REVISION_PREFIX}${id}:${String(revision).padStart(10, '0')}`;
  }

  /** A claimed revision whose record was never written: the claim is old and the record is still where we read it. */
  private async abandoned(id: string, revision: number, readRevision: number): Promise<boolean> {
    const claim = await this.store.get<{ at: number }>(this.marker(id, revision));
    if (!claim || this.clock.now() - claim.at < ABANDONED_CLAIM_MS) return false;
    const fresh = await this.store.get<Library>(LIBRARY_PREFIX + id);
    return (fresh?.revision ?? 0) === readRevision;
  }
}

export interface SpacesChange {
  library: Library;
  added: SelectedSpace[];
  removed: SelectedSpace[];
}

/**
 * A Library is usable while it exists and is not being deleted: the one test every reader and job applies.
 *
 * @example
 * if (!isUsable(await libraries.get(id))) return; // deleted, or deletion under way
 */
export function isUsable(library: Library | undefined): library is Library {
  return Boolean(library && !library.deletingSince);
}

/** A usable Library whose Source can sync now: connected, its authorization not lapsed. */
export function isSyncing(library: Library | undefined): library is Library & { source: NonNullable<Library['source']> } {
  return isUsable(library) && library.source?.health.state === 'ok';
}

function isLibraryId(id: unknown): id is string {
  return typeof id === 'string' && /^[a-zA-Z0-9]{1,32}$/.test(id);
}

/**
 * A Library name fit to show as it is. Normalised (NFKC folds lookalike compatibility forms such as fullwidth
 * letters and ligatures, runs of white space become one space) and refused when it holds what cannot be shown
 * honestly: control characters (NUL...), lone surrogates, bidirectional overrides and isolates (which reorder the
 * text around them), or nothing visible at all (only zero-width or invisible characters). Invisible characters
 * inside a name are removed. Mixed-script lookalikes ("Pаyroll" with a Cyrillic "а") are refused.
 */
export function validName(raw: unknown): string {
  if (typeof raw !== 'string') throw new LibraryError('invalid', 'Give the Library a name.');
  if (/\p{Cs}/u.test(raw.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) throw new LibraryError('invalid', 'A Library name cannot hold broken characters.');
  if (/\p{Cc}/u.test(raw.replace(/[\t\n\r]/g, ' '))) throw new LibraryError('invalid', 'A Library name cannot hold control characters.');
  if (/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/.test(raw)) throw new LibraryError('invalid', 'A Library name cannot hold text-direction controls.');
  const name = raw
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u115F\u1160\u3164\uFFA0\u180E]/g, '')
    .replace(/\u034F/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) throw new LibraryError('invalid', 'Give the Library a name.');
  if (!/[\p{L}\p{N}\p{S}\p{P}]/u.test(name)) throw new LibraryError('invalid', 'A Library name needs visible characters.');
  if ([...name].length > MAX_NAME_LENGTH) throw new LibraryError('invalid', `A Library name has at most ${MAX_NAME_LENGTH} characters.`);
  if (mixesScripts(name)) throw new LibraryError('invalid', 'A Library name cannot mix alphabets within one word (it could pass for another name).');
  return name;
}

const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u];

/** A word whose letters come from two of the alphabets whose letters pass for each other (Latin, Cyrillic, Greek...). */
function mixesScripts(name: string): boolean {
  return name.split(/[^\p{L}\p{M}]+/u).some((word) => SCRIPTS.filter((script) => script.test(word)).length > 1);
}

function applyVisibility(library: Library, visibility: Visibility, confirmPublic: boolean | undefined, actor: string, now: number): void {
  if (!['private', 'organization', 'public'].includes(visibility)) throw new LibraryError('invalid', `Unknown visibility "${String(visibility)}".`);
  if (visibility === 'public') {
    if (library.visibility !== 'public' && confirmPublic !== true) {
      throw new LibraryError('invalid', 'Making a Library public lets anyone query it: confirm this explicitly.');
    }
    library.publicConfirmation ??= { by: actor, at: now };
  } else {
    delete library.publicConfirmation;
  }
  library.visibility = visibility;
}

function validNotification(channel: NotificationChannel): NotificationChannel {
  if (channel?.kind === 'confluence-mention') {
    const spaceKey: unknown = channel.spaceKey;
    if (spaceKey !== undefined && (typeof spaceKey !== 'string' || !/^~?[A-Za-z0-9_-]{0,255}$/.test(spaceKey))) throw new LibraryError('invalid', 'Give the status page\'s space as a space key.');
    return { kind: 'confluence-mention', ...(spaceKey ? { spaceKey } : {}) };
  }
  if (channel?.kind === 'smtp') {
    const port = Number(channel.port);
    if (!channel.host || !/^[a-zA-Z0-9.-]+$/.test(channel.host)) throw new LibraryError('invalid', 'Give the SMTP server as a host name.');
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LibraryError('invalid', 'The SMTP port must be between 1 and 65535.');
    const email = /^[^\s@]+@[^\s@]+$/;
    if (!email.test(channel.from)) throw new LibraryError('invalid', 'The sender must be an email address.');
    const to = (channel.to ?? []).map(String).filter(Boolean);
    if (!to.length || !to.every((address) => email.test(address))) throw new LibraryError('invalid', 'List at least one recipient email address.');
    return { kind: 'smtp', host: channel.host, port, secure: Boolean(channel.secure), from: channel.from, to, ...(channel.username ? { username: String(channel.username) } : {}) };
  }
  throw new LibraryError('invalid', 'Choose how admins are told about sync problems.');
}
