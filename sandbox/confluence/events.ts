/**
 * Forge product events for page changes, in Cloud's payload shape.
 * Source: Forge docs "Confluence events" (https://developer.atlassian.com/platform/forge/events-reference/confluence/,
 * mirrored in github.com/minhhai2209/forge-docs-snapshot): eventType, atlassianId, eventCreatedDate,
 * suppressNotifications, updateTrigger (updated only), content {id, type, status, title, space, history, version},
 * prevContent (moved only). User PII fields carry the accountId, as the docs say Cloud does.
 */
import type { PageChange, PageRecord, Site } from './model';
import { latest } from './model';

export type ProductEventType =
  | 'avi:confluence:created:page'
  | 'avi:confluence:updated:page'
  | 'avi:confluence:moved:page'
  | 'avi:confluence:archived:page'
  | 'avi:confluence:trashed:page'
  | 'avi:confluence:restored:page'
  | 'avi:confluence:deleted:page'
  | 'avi:confluence:permissions_updated:page';

export interface EventImage {
  path: string;
  width: number;
  height: number;
  isDefault: boolean;
}

export interface EventUser {
  type: 'known';
  username: string;
  accountId: string;
  accountType: 'atlassian' | 'app';
  email: string;
  publicName: string;
  profilePicture: EventImage;
  displayName: string;
  isExternalCollaborator: boolean;
}

export interface EventContent {
  id: string;
  type: 'page';
  status: 'current' | 'trashed' | 'historical' | 'draft' | 'archived';
  title: string;
  space: { id: number; key: string; alias: string; name: string; type: 'global' | 'personal'; icon: EventImage; status: 'current' | 'archived' };
  history: { latest: boolean; createdBy: EventUser; ownedBy: EventUser; createdDate: string };
  version: { by: EventUser; when: string; number: number };
}

export interface ProductEvent {
  eventType: ProductEventType;
  atlassianId?: string;
  eventCreatedDate: string;
  suppressNotifications: boolean;
  updateTrigger?: string;
  content: EventContent;
  prevContent?: EventContent;
}

function eventUser(site: Site, accountId: string): EventUser {
  const isApp = accountId === site.data.appAccountId;
  return {
    type: 'known',
    username: accountId,
    accountId,
    accountType: isApp ? 'app' : 'atlassian',
    email: accountId,
    publicName: accountId,
    profilePicture: { path: `/wiki/aa-avatar/${accountId}`, width: 48, height: 48, isDefault: false },
    displayName: accountId,
    isExternalCollaborator: false,
  };
}

function eventContent(site: Site, page: PageRecord): EventContent {
  const space = site.space(page.spaceId);
  const v = latest(page);
  return {
    id: page.id,
    type: 'page',
    // A purged page's last known status is trashed.
    status: page.status,
    title: v.title,
    space: {
      id: Number(page.spaceId),
      key: space?.key ?? '',
      alias: space?.key ?? '',
      name: space?.name ?? '',
      type: space?.type === 'personal' ? 'personal' : 'global',
      icon: { path: '/images/logo/default-space-logo-256.png', width: 48, height: 48, isDefault: false },
      status: space?.status ?? 'current',
    },
    history: {
      latest: true,
      createdBy: eventUser(site, page.authorId),
      ownedBy: eventUser(site, page.ownerId),
      createdDate: new Date(page.createdAt).toISOString(),
    },
    version: { by: eventUser(site, v.authorId), when: new Date(v.createdAt).toISOString(), number: v.number },
  };
}

export function toProductEvent(site: Site, change: PageChange): ProductEvent {
  const event: ProductEvent = {
    eventType: `avi:confluence:${change.kind}:page`,
    atlassianId: change.actorId,
    eventCreatedDate: new Date(change.at).toISOString(),
    suppressNotifications: false,
    content: eventContent(site, change.page),
  };
  if (change.kind === 'updated') event.updateTrigger = 'edit_page';
  if (change.kind === 'moved' && change.previous) event.prevContent = eventContent(site, change.previous);
  return event;
}

/** Fan-out to in-process subscribers, delivered after the mutation returns (microtask), plus a replayable log. */
export class ChangeFeed {
  private readonly listeners = new Set<(event: ProductEvent) => void>();
  readonly log: ProductEvent[] = [];

  publish(event: ProductEvent): void {
    this.log.push(event);
    queueMicrotask(() => {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // A failing subscriber must not break the simulator or other subscribers.
        }
      }
    });
  }

  subscribe(listener: (event: ProductEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
