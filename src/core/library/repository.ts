import type { Clock, KeyValueStore } from '../ports';
import { LibraryError } from './errors';
import type { Library, NotificationChannel, SelectedSpace, SourceHealth, SourceIdentity, Visibility } from './types';

const LIBRARY_PREFIX = 'lib:';
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
  notification?: NotificationChannel;
}

/**
 * Libraries and their Sources, stored one value per Library under `lib:<id>`.
 * Callers check who is asking (admin rights) before calling a write: this class only keeps records valid.
 */
export class LibraryRepository {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly newId: () => string = () => globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12),
  ) {}

  /** Every Library, including ones being deleted (callers filter with `isUsable`). */
  async list(): Promise<Library[]> {
    const libraries: Library[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.list<Library>(LIBRARY_PREFIX, { limit: 100, cursor });
      libraries.push(...page.entries.map((entry) => entry.value));
      cursor = page.cursor;
    } while (cursor);
    return libraries.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<Library | undefined> {
    if (!isLibraryId(id)) return undefined;
    return this.store.get<Library>(LIBRARY_PREFIX + id);
  }

  /** Like get, but a missing or deleting Library is an error the UI can show. */
  async require(id: string): Promise<Library> {
    const library = await this.get(id);
    if (!library || library.deletingSince) throw new LibraryError('not_found', 'That Library does not exist (it may have been deleted).');
    return library;
  }

  async create(input: CreateLibraryInput, actor: string): Promise<Library> {
    const existing = await this.list();
    if (existing.length >= MAX_LIBRARIES) throw new LibraryError('invalid', `A site can have at most ${MAX_LIBRARIES} Libraries.`);
    const name = validName(input.name);
    if (existing.some((library) => !library.deletingSince && library.name.toLowerCase() === name.toLowerCase())) {
      throw new LibraryError('conflict', `A Library named "${name}" already exists.`);
    }
    const now = this.clock.now();
    const visibility = input.visibility ?? 'private';
    const library: Library = {
      id: this.newId(),
      name,
      visibility,
      autoAccept: input.autoAccept ?? false,
      synthesis: false,
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
    const library = await this.require(id);
    const now = this.clock.now();
    if (input.name !== undefined) {
      const name = validName(input.name);
      const others = (await this.list()).filter((other) => other.id !== id && !other.deletingSince);
      if (others.some((other) => other.name.toLowerCase() === name.toLowerCase())) {
        throw new LibraryError('conflict', `A Library named "${name}" already exists.`);
      }
      library.name = name;
    }
    if (input.visibility !== undefined) applyVisibility(library, input.visibility, input.confirmPublic, actor, now);
    if (input.autoAccept !== undefined) library.autoAccept = Boolean(input.autoAccept);
    if (input.synthesis !== undefined) library.synthesis = Boolean(input.synthesis);
    if (input.notification !== undefined) library.notification = validNotification(input.notification);
    return this.save(library, actor);
  }

  /** Connects Confluence as the Library's Source (or changes the identity it reads with). */
  async connectSource(id: string, identity: SourceIdentity, actor: string): Promise<Library> {
    const library = await this.require(id);
    const now = this.clock.now();
    library.source = {
      kind: 'confluence',
      identity,
      connectedBy: actor,
      connectedAt: now,
      health: { state: 'ok' },
      spaces: library.source?.spaces ?? [],
    };
    return this.save(library, actor);
  }

  async setSpaces(id: string, spaces: Array<Omit<SelectedSpace, 'selectedAt' | 'selectedBy'>>, actor: string): Promise<{ library: Library; added: SelectedSpace[]; removed: SelectedSpace[] }> {
    const library = await this.require(id);
    if (!library.source) throw new LibraryError('invalid', 'Connect Confluence as a Source before choosing spaces.');
    const now = this.clock.now();
    const before = new Map(library.source.spaces.map((space) => [space.id, space]));
    const next: SelectedSpace[] = [];
    const seen = new Set<string>();
    for (const space of spaces) {
      if (seen.has(space.id)) continue;
      seen.add(space.id);
      next.push(before.get(space.id) ?? { ...space, selectedAt: now, selectedBy: actor });
    }
    const added = next.filter((space) => !before.has(space.id));
    const removed = [...before.values()].filter((space) => !seen.has(space.id));
    library.source.spaces = next;
    return { library: await this.save(library, actor), added, removed };
  }

  async setHealth(id: string, health: SourceHealth): Promise<Library | undefined> {
    const library = await this.get(id);
    if (!library?.source || library.deletingSince) return undefined;
    library.source.health = health;
    await this.store.set(LIBRARY_PREFIX + id, library);
    return library;
  }

  /** First step of deletion: the Library stops answering and syncing at once; its index is removed by a job. */
  async markDeleting(id: string, actor: string): Promise<Library> {
    const library = await this.require(id);
    library.deletingSince = this.clock.now();
    return this.save(library, actor);
  }

  /** Last step of deletion, once the index and sync state are gone. */
  async remove(id: string): Promise<void> {
    if (isLibraryId(id)) await this.store.delete(LIBRARY_PREFIX + id);
  }

  private async save(library: Library, actor: string): Promise<Library> {
    library.updatedAt = this.clock.now();
    library.updatedBy = actor;
    await this.store.set(LIBRARY_PREFIX + library.id, library);
    return library;
  }
}

export function isUsable(library: Library | undefined): library is Library {
  return Boolean(library && !library.deletingSince);
}

function isLibraryId(id: unknown): id is string {
  return typeof id === 'string' && /^[a-zA-Z0-9]{1,32}$/.test(id);
}

function validName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
  if (!name) throw new LibraryError('invalid', 'Give the Library a name.');
  if ([...name].length > MAX_NAME_LENGTH) throw new LibraryError('invalid', `A Library name has at most ${MAX_NAME_LENGTH} characters.`);
  return name;
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
    return { kind: 'confluence-mention', ...(channel.spaceKey ? { spaceKey: String(channel.spaceKey) } : {}) };
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
