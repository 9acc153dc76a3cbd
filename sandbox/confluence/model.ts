/**
 * One simulated Confluence site's state: users, groups, spaces, pages with their full version history,
 * restrictions and labels. Every mutation goes through a method here and is reported to `onChange`, which the
 * change feed, the lagging search index and persistence listen to. Permission checks live in permissions.ts;
 * this module trusts its caller to have made them.
 */
import type { PageStatus, Principal, SeedSpace, SiteSeed, SpaceStatus, SpaceType } from './seed-types';
import type { SandboxClock } from '../clock';
import { SimError, badRequest, notFound } from './errors';
import type { CommentRecord } from './comments';

export interface UserRecord {
  accountId: string;
  email: string;
  displayName: string;
  apiToken: string;
  siteAdmin: boolean;
  groups: string[];
}

export interface SpaceRecord {
  id: string;
  key: string;
  name: string;
  type: SpaceType;
  status: SpaceStatus;
  description: string;
  ownerAccountId?: string;
  authorId: string;
  createdAt: number;
  homepageId: string | null;
  permissions: SeedSpace['permissions'];
}

export interface VersionRecord {
  number: number;
  createdAt: number;
  authorId: string;
  message: string;
  minorEdit: boolean;
  title: string;
  body: string;
}

export interface PageRecord {
  id: string;
  spaceId: string;
  parentId: string | null;
  status: PageStatus;
  /** What a restore goes back to. */
  statusBeforeTrash?: PageStatus;
  authorId: string;
  ownerId: string;
  createdAt: number;
  position: number;
  versions: VersionRecord[];
  labels: string[];
  restrictions: { read: Principal[]; update: Principal[] };
}

/** One content property of a page: a JSON value under a key, versioned like Cloud's. */
export interface PropertyRecord {
  id: string;
  pageId: string;
  key: string;
  value: unknown;
  version: number;
}

export interface SiteData {
  site: { name: string; timeZone: string; cloudId: string };
  appAccountId: string;
  users: UserRecord[];
  groups: string[];
  spaces: SpaceRecord[];
  pages: PageRecord[];
  labelIds: Record<string, string>;
  /** Footer comments; absent in data files written before comments existed. */
  comments?: CommentRecord[];
  /** Content properties of pages (v2 `/pages/{id}/properties`); absent in data files written before them. */
  properties?: PropertyRecord[];
  /** Pages and comments share Confluence's content id sequence. */
  nextPageId: number;
  nextSpaceId: number;
}

export type ChangeKind =
  | 'created'
  | 'updated'
  | 'moved'
  | 'archived'
  | 'trashed'
  | 'restored'
  | 'deleted'
  | 'permissions_updated';

export interface PageChange {
  kind: ChangeKind;
  page: PageRecord;
  /** For `moved`: the page as it was before. */
  previous?: PageRecord;
  actorId: string;
  at: number;
}

const FIRST_PAGE_ID = 65_537;
const FIRST_SPACE_ID = 32_769;

/** A deep copy, so a change record keeps the state it describes even after later edits. */
export const snapshot = (page: PageRecord): PageRecord => structuredClone(page);

export class Site {
  private readonly pageIndex = new Map<string, PageRecord>();
  private readonly spaceIndex = new Map<string, SpaceRecord>();
  private readonly userIndex = new Map<string, UserRecord>();
  private readonly emailIndex = new Map<string, UserRecord>();
  /** Children per `spaceId:parentId` (root pages under `spaceId:`), and the next free position there. */
  private readonly childIndex = new Map<string, PageRecord[]>();
  private readonly nextPositions = new Map<string, number>();
  private readonly listeners = new Set<(change: PageChange) => void>();

  constructor(
    readonly data: SiteData,
    private readonly clock: SandboxClock,
  ) {
    for (const space of data.spaces) this.spaceIndex.set(space.id, space);
    this.reindexUsers();
    for (const page of data.pages) {
      this.pageIndex.set(page.id, page);
      this.link(page);
    }
  }

  /** Builds a site from a seed; page and space ids are assigned in seed order so they are stable per seed. */
  static fromSeed(seed: SiteSeed, clock: SandboxClock, appAccountId: string): Site {
    const data: SiteData = {
      site: {
        name: seed.site.name,
        timeZone: seed.site.timeZone,
        cloudId: seed.site.cloudId ?? 'a1b2c3d4-0000-4000-8000-00000000c10d',
      },
      appAccountId,
      users: seed.users.map((u) => ({
        accountId: u.accountId,
        email: u.email,
        displayName: u.displayName,
        apiToken: u.apiToken,
        siteAdmin: u.siteAdmin ?? false,
        groups: [...(u.groups ?? [])],
      })),
      groups: seed.groups.map((g) => g.name),
      spaces: [],
      pages: [],
      labelIds: {},
      nextPageId: FIRST_PAGE_ID,
      nextSpaceId: FIRST_SPACE_ID,
    };
    const site = new Site(data, clock);
    const firstCreated = seed.pages.reduce((min, p) => Math.min(min, Date.parse(p.createdAt)), clock.now());
    for (const s of seed.spaces) {
      site.addSpace(
        {
          key: s.key,
          name: s.name,
          type: s.type,
          status: s.status ?? 'current',
          description: s.description ?? '',
          ownerAccountId: s.ownerAccountId,
          permissions: structuredClone(s.permissions),
        },
        s.ownerAccountId ?? seed.users[0]?.accountId ?? appAccountId,
        firstCreated,
      );
    }
    const idByRef = new Map<string, string>();
    for (const p of seed.pages) {
      const space = site.spaceByKey(p.spaceKey);
      if (!space) throw new Error(`seed page ${p.ref}: unknown space ${p.spaceKey}`);
      const parentId = p.parentRef ? idByRef.get(p.parentRef) : undefined;
      if (p.parentRef && !parentId) throw new Error(`seed page ${p.ref}: parent ${p.parentRef} must come before it`);
      const created = Date.parse(p.createdAt);
      const updated = p.updatedAt ? Date.parse(p.updatedAt) : created;
      const count = Math.max(1, p.versions ?? 1);
      const versions: VersionRecord[] = [];
      for (let n = 1; n <= count; n++) {
        const at = count === 1 ? created : Math.round(created + ((updated - created) * (n - 1)) / (count - 1));
        versions.push({ number: n, createdAt: at, authorId: p.authorAccountId, message: '', minorEdit: false, title: p.title, body: p.body });
      }
      const id = String(data.nextPageId++);
      idByRef.set(p.ref, id);
      const page: PageRecord = {
        id,
        spaceId: space.id,
        parentId: parentId ?? null,
        status: p.status ?? 'current',
        statusBeforeTrash: p.status === 'trashed' ? 'current' : undefined,
        authorId: p.authorAccountId,
        ownerId: p.authorAccountId,
        createdAt: created,
        position: site.nextPosition(space.id, parentId ?? null),
        versions,
        labels: [...(p.labels ?? [])],
        restrictions: { read: structuredClone(p.restrictions?.read ?? []), update: structuredClone(p.restrictions?.update ?? []) },
      };
      for (const label of page.labels) site.labelId(label);
      data.pages.push(page);
      site.pageIndex.set(id, page);
      site.link(page);
      if (!space.homepageId && !page.parentId && page.status === 'current') space.homepageId = id;
    }
    return site;
  }

  onChange(listener: (change: PageChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- reads -------------------------------------------------------------------------------------------

  get timeZone(): string {
    return this.data.site.timeZone;
  }

  user(accountId: string): UserRecord | undefined {
    return this.userIndex.get(accountId);
  }

  userByEmail(email: string): UserRecord | undefined {
    return this.emailIndex.get(email.toLowerCase());
  }

  private reindexUsers(): void {
    this.userIndex.clear();
    this.emailIndex.clear();
    for (const u of this.data.users) {
      this.userIndex.set(u.accountId, u);
      this.emailIndex.set(u.email.toLowerCase(), u);
    }
  }

  space(id: string): SpaceRecord | undefined {
    return this.spaceIndex.get(id);
  }

  spaceByKey(key: string): SpaceRecord | undefined {
    return this.data.spaces.find((s) => s.key === key);
  }

  spaces(): SpaceRecord[] {
    return this.data.spaces;
  }

  page(id: string): PageRecord | undefined {
    return this.pageIndex.get(id);
  }

  pages(): PageRecord[] {
    return this.data.pages;
  }

  /** Root first, parent last. */
  ancestors(page: PageRecord): PageRecord[] {
    const chain: PageRecord[] = [];
    const seen = new Set<string>([page.id]);
    let parentId = page.parentId;
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = this.pageIndex.get(parentId);
      if (!parent) break;
      chain.unshift(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  children(pageId: string): PageRecord[] {
    const page = this.pageIndex.get(pageId);
    if (!page) return [];
    return [...(this.childIndex.get(`${page.spaceId}:${pageId}`) ?? [])].sort((a, b) => a.position - b.position);
  }

  descendants(pageId: string): PageRecord[] {
    const out: PageRecord[] = [];
    const walk = (id: string): void => {
      for (const child of this.children(id)) {
        out.push(child);
        walk(child.id);
      }
    };
    walk(pageId);
    return out;
  }

  labelId(name: string): string {
    let id = this.data.labelIds[name];
    if (!id) {
      id = String(1_000_000 + Object.keys(this.data.labelIds).length + 1);
      this.data.labelIds[name] = id;
    }
    return id;
  }

  // ---- page mutations --------------------------------------------------------------------------------

  createPage(input: {
    actorId: string;
    spaceId: string;
    title: string;
    body: string;
    parentId?: string | null;
    status?: 'current' | 'draft';
    labels?: string[];
  }): PageRecord {
    const space = this.space(input.spaceId);
    if (!space) throw notFound('Space not found');
    const status = input.status ?? 'current';
    if (status === 'current') this.assertTitleFree(space.id, input.title, null);
    const parentId = input.parentId ?? null;
    if (parentId) {
      const parent = this.page(parentId);
      if (!parent || parent.spaceId !== space.id || parent.status === 'trashed') throw badRequest(`Parent ${parentId} is not a page in this space`);
    }
    const now = this.clock.now();
    const page: PageRecord = {
      id: String(this.data.nextPageId++),
      spaceId: space.id,
      parentId,
      status,
      authorId: input.actorId,
      ownerId: input.actorId,
      createdAt: now,
      position: this.nextPosition(space.id, parentId),
      versions: [{ number: 1, createdAt: now, authorId: input.actorId, message: '', minorEdit: false, title: input.title, body: input.body }],
      labels: [...(input.labels ?? [])],
      restrictions: { read: [], update: [] },
    };
    for (const label of page.labels) this.labelId(label);
    this.data.pages.push(page);
    this.pageIndex.set(page.id, page);
    this.link(page);
    if (!space.homepageId && !parentId && status === 'current') space.homepageId = page.id;
    if (status === 'current') this.emit('created', page, input.actorId);
    return page;
  }

  /**
   * A new version. `expectedVersion` is the number the caller claims the new version will have; Cloud answers
   * 409 when it is not current + 1 (not in the v2 OpenAPI document: observed behaviour, duo-labs/markdown-to-confluence#6).
   */
  updatePage(input: {
    actorId: string;
    id: string;
    title?: string;
    body?: string;
    message?: string;
    minorEdit?: boolean;
    expectedVersion?: number;
    parentId?: string | null;
  }): PageRecord {
    const page = this.requirePage(input.id);
    const current = latest(page);
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.number + 1) {
      throw new SimError(409, 'CONFLICT', `Version must be incremented on update. Current Version is: ${current.number}`);
    }
    const title = input.title ?? current.title;
    if (title !== current.title && page.status === 'current') this.assertTitleFree(page.spaceId, title, page.id);
    const previous = snapshot(page);
    const wasDraft = page.status === 'draft';
    page.versions.push({
      number: current.number + 1,
      createdAt: Math.max(this.clock.now(), current.createdAt),
      authorId: input.actorId,
      message: input.message ?? '',
      minorEdit: input.minorEdit ?? false,
      title,
      body: input.body ?? current.body,
    });
    if (wasDraft) page.status = 'current';
    const moving = input.parentId !== undefined && input.parentId !== page.parentId;
    if (moving) this.reparent(page, input.parentId ?? null);
    this.emit(wasDraft ? 'created' : 'updated', page, input.actorId);
    if (moving) this.emit('moved', page, input.actorId, previous);
    return page;
  }

  movePage(actorId: string, id: string, parentId: string | null): PageRecord {
    const page = this.requirePage(id);
    if (parentId === page.parentId) return page;
    const previous = snapshot(page);
    this.reparent(page, parentId);
    this.emit('moved', page, actorId, previous);
    return page;
  }

  /**
   * Moves a page, with its descendants, to the top level of another space (Confluence's "Move" to another
   * space): one `moved` event for the page and one for each descendant, whose space changed too.
   */
  movePageToSpace(actorId: string, id: string, spaceId: string): PageRecord {
    const page = this.requirePage(id);
    if (!this.space(spaceId)) throw notFound(`No space ${spaceId}`);
    if (page.spaceId === spaceId) return page;
    const moving = [page, ...this.descendants(id)];
    const previous = moving.map((p) => snapshot(p));
    for (const p of moving) this.unlink(p);
    for (const p of moving) p.spaceId = spaceId;
    page.parentId = null;
    page.position = this.nextPosition(spaceId, null);
    for (const p of moving) this.link(p);
    moving.forEach((p, i) => this.emit('moved', p, actorId, previous[i]));
    return page;
  }

  archivePage(actorId: string, id: string): PageRecord {
    const page = this.requirePage(id);
    if (page.status !== 'current') throw badRequest(`Only current pages can be archived; page ${id} is ${page.status}`);
    page.status = 'archived';
    this.emit('archived', page, actorId);
    return page;
  }

  /**
   * To the trash. Its current children move up to its parent, as Confluence does when a page with children is
   * deleted; each such child gets a `moved` event (the app's view of inherited restrictions changes with it).
   */
  trashPage(actorId: string, id: string): PageRecord {
    const page = this.requirePage(id);
    if (page.status === 'trashed') throw notFound();
    page.statusBeforeTrash = page.status === 'draft' ? 'draft' : page.status;
    page.status = 'trashed';
    const space = this.space(page.spaceId);
    if (space?.homepageId === page.id) space.homepageId = null;
    this.emit('trashed', page, actorId);
    for (const child of this.children(page.id)) {
      if (child.status === 'trashed') continue;
      const previous = snapshot(child);
      this.reparent(child, page.parentId);
      this.emit('moved', child, actorId, previous);
    }
    return page;
  }

  restorePage(actorId: string, id: string): PageRecord {
    const page = this.requirePage(id);
    if (page.status !== 'trashed' && page.status !== 'archived') throw badRequest(`Page ${id} is ${page.status}; nothing to restore`);
    const target = page.status === 'trashed' ? (page.statusBeforeTrash ?? 'current') : 'current';
    if (target === 'current') this.assertTitleFree(page.spaceId, latest(page).title, page.id);
    if (page.parentId && this.page(page.parentId)?.status === 'trashed') this.reparent(page, null);
    page.status = target;
    page.statusBeforeTrash = undefined;
    this.emit('restored', page, actorId);
    return page;
  }

  /** Gone for good; only a trashed page can be purged, as on Cloud. */
  purgePage(actorId: string, id: string): PageRecord {
    const page = this.requirePage(id);
    if (page.status !== 'trashed') throw badRequest(`Page ${id} must be trashed before it can be purged`);
    const gone = snapshot(page);
    this.unlink(page);
    this.data.pages = this.data.pages.filter((p) => p.id !== id);
    this.pageIndex.delete(id);
    if (this.data.comments) this.data.comments = this.data.comments.filter((c) => c.pageId !== id);
    for (const child of this.children(id)) this.reparent(child, null);
    this.emit('deleted', gone, actorId);
    return gone;
  }

  /** Restriction changes do not bump the page's version (Confluence docs). */
  setRestrictions(actorId: string, id: string, restrictions: { read?: Principal[]; update?: Principal[] }): PageRecord {
    const page = this.requirePage(id);
    if (restrictions.read) page.restrictions.read = structuredClone(restrictions.read);
    if (restrictions.update) page.restrictions.update = structuredClone(restrictions.update);
    this.emit('permissions_updated', page, actorId);
    return page;
  }

  setLabels(id: string, labels: string[]): PageRecord {
    const page = this.requirePage(id);
    page.labels = [...labels];
    for (const label of labels) this.labelId(label);
    return page;
  }

  // ---- comments ------------------------------------------------------------------------------------

  /** A footer comment on a page, oldest first among its siblings; the caller has checked permissions. */
  addFooterComment(actorId: string, pageId: string, body: string): CommentRecord {
    const page = this.requirePage(pageId);
    const comment: CommentRecord = { id: String(this.data.nextPageId++), pageId: page.id, authorId: actorId, createdAt: this.clock.now(), body };
    (this.data.comments ??= []).push(comment);
    return comment;
  }

  // ---- content properties ---------------------------------------------------------------------------

  pageProperties(pageId: string): PropertyRecord[] {
    return (this.data.properties ?? []).filter((p) => p.pageId === pageId);
  }

  /** Creates property `key` on a page (version 1); a key already there is a 409, as on Cloud. */
  createPageProperty(pageId: string, key: string, value: unknown): PropertyRecord {
    const page = this.requirePage(pageId);
    if (this.pageProperties(page.id).some((p) => p.key === key)) throw new SimError(409, 'CONFLICT', `A property with key ${key} already exists`);
    const record: PropertyRecord = { id: String(this.data.nextPageId++), pageId: page.id, key, value, version: 1 };
    (this.data.properties ??= []).push(record);
    return record;
  }

  /** Updates a property; `expectedVersion` must be its current version + 1, else 409. */
  updatePageProperty(pageId: string, propertyId: string, key: string, value: unknown, expectedVersion: number): PropertyRecord {
    const record = this.pageProperties(pageId).find((p) => p.id === propertyId);
    if (!record) throw notFound();
    if (record.key !== key) throw badRequest('The key of a property cannot change');
    if (expectedVersion !== record.version + 1) throw new SimError(409, 'CONFLICT', `Version must be ${record.version + 1}`);
    record.value = value;
    record.version = expectedVersion;
    return record;
  }

  footerComments(pageId: string): CommentRecord[] {
    return (this.data.comments ?? []).filter((c) => c.pageId === pageId);
  }

  // ---- people and spaces -----------------------------------------------------------------------------

  addUser(user: { accountId: string; email: string; displayName: string; apiToken: string; siteAdmin?: boolean; groups?: string[] }): UserRecord {
    if (this.user(user.accountId)) throw badRequest(`User ${user.accountId} already exists`);
    const record: UserRecord = { ...user, siteAdmin: user.siteAdmin ?? false, groups: [...(user.groups ?? [])] };
    for (const g of record.groups) if (!this.data.groups.includes(g)) this.data.groups.push(g);
    this.data.users.push(record);
    this.reindexUsers();
    return record;
  }

  addGroup(name: string): void {
    if (!this.data.groups.includes(name)) this.data.groups.push(name);
  }

  setMembership(accountId: string, group: string, member: boolean): UserRecord {
    const user = this.user(accountId);
    if (!user) throw notFound(`No user ${accountId}`);
    this.addGroup(group);
    user.groups = user.groups.filter((g) => g !== group);
    if (member) user.groups.push(group);
    return user;
  }

  addSpace(
    input: Omit<SpaceRecord, 'id' | 'authorId' | 'createdAt' | 'homepageId'>,
    authorId: string,
    createdAt = this.clock.now(),
  ): SpaceRecord {
    if (this.spaceByKey(input.key)) throw badRequest(`Space key ${input.key} is taken`);
    const space: SpaceRecord = { ...input, id: String(this.data.nextSpaceId++), authorId, createdAt, homepageId: null };
    this.data.spaces.push(space);
    this.spaceIndex.set(space.id, space);
    return space;
  }

  setSpacePermissions(key: string, permissions: SeedSpace['permissions']): SpaceRecord {
    const space = this.spaceByKey(key);
    if (!space) throw notFound(`No space ${key}`);
    space.permissions = structuredClone(permissions);
    return space;
  }

  setSpaceStatus(key: string, status: SpaceStatus): SpaceRecord {
    const space = this.spaceByKey(key);
    if (!space) throw notFound(`No space ${key}`);
    space.status = status;
    return space;
  }

  setTimeZone(zone: string): void {
    // Throws RangeError on an unknown IANA zone, before anything changes.
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    this.data.site.timeZone = zone;
  }

  // ---- internals -------------------------------------------------------------------------------------

  requirePage(id: string): PageRecord {
    const page = this.page(id);
    if (!page) throw notFound();
    return page;
  }

  private assertTitleFree(spaceId: string, title: string, exceptId: string | null): void {
    if (!title.trim()) throw badRequest('Title is required');
    const clash = this.data.pages.find(
      (p) => p.spaceId === spaceId && p.id !== exceptId && p.status === 'current' && latest(p).title === title,
    );
    if (clash) throw badRequest(`A page with this title already exists: A page already exists with the same TITLE in this space`);
  }

  private reparent(page: PageRecord, parentId: string | null): void {
    if (parentId) {
      const parent = this.page(parentId);
      if (!parent || parent.spaceId !== page.spaceId) throw badRequest(`Parent ${parentId} is not a page in this space`);
      if (parent.id === page.id || this.ancestors(parent).some((a) => a.id === page.id)) {
        throw badRequest('A page cannot be moved under itself or one of its descendants');
      }
    }
    this.unlink(page);
    page.parentId = parentId;
    page.position = this.nextPosition(page.spaceId, parentId);
    this.link(page);
  }

  private nextPosition(spaceId: string, parentId: string | null): number {
    return this.nextPositions.get(`${spaceId}:${parentId ?? ''}`) ?? 0;
  }

  private link(page: PageRecord): void {
    const key = `${page.spaceId}:${page.parentId ?? ''}`;
    const siblings = this.childIndex.get(key);
    if (siblings) siblings.push(page);
    else this.childIndex.set(key, [page]);
    this.nextPositions.set(key, Math.max(this.nextPositions.get(key) ?? 0, page.position + 1));
  }

  private unlink(page: PageRecord): void {
    const key = `${page.spaceId}:${page.parentId ?? ''}`;
    const siblings = this.childIndex.get(key);
    if (siblings) this.childIndex.set(key, siblings.filter((p) => p !== page));
  }

  private emit(kind: ChangeKind, page: PageRecord, actorId: string, previous?: PageRecord): void {
    const change: PageChange = { kind, page: snapshot(page), previous, actorId, at: this.clock.now() };
    for (const listener of this.listeners) listener(change);
  }
}

export const latest = (page: PageRecord): VersionRecord => page.versions[page.versions.length - 1];

/** The time a page last changed, in epoch ms. */
export const modifiedAt = (page: PageRecord): number => latest(page).createdAt;
