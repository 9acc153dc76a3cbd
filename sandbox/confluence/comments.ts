/**
 * Footer comments and the notification emails their @-mentions cause. A comment that mentions a user
 * (`<ac:link><ri:user ri:account-id="..."/></ac:link>`, the storage form of an @-mention) makes Cloud email that
 * user, but only when the user can view the page (Confluence does not notify people who cannot see the content)
 * and never the comment's own author. The simulator records each such email as a `Notification` instead of
 * sending it, so tests can check who would have been told.
 */
import { decodeEntities, storageText } from './storage-text';
import type { Site } from './model';

export interface CommentRecord {
  id: string;
  pageId: string;
  authorId: string;
  createdAt: number;
  /** Storage format. */
  body: string;
}

/** One email Confluence would have sent because a comment mentioned someone. */
export interface Notification {
  accountId: string;
  email: string;
  pageId: string;
  commentId: string;
  /** Sandbox-clock epoch ms. */
  at: number;
  /** The comment as plain text, mentions shown as `@Display Name`, at most 200 characters. */
  excerpt: string;
}

const MENTION = /<ac:link\b[^>]*>\s*<ri:user\b([^>]*?)\s*(?:\/>|>\s*<\/ri:user>)[\s\S]*?<\/ac:link>/g;
const ACCOUNT_ATTR = /\bri:account-id\s*=\s*"([^"]*)"/;

/** The account ids a storage body @-mentions, in order, each once. */
export function mentionedAccountIds(storage: string): string[] {
  const ids: string[] = [];
  for (const m of storage.matchAll(MENTION)) {
    const attr = ACCOUNT_ATTR.exec(m[1] ?? '');
    const id = attr ? decodeEntities(attr[1]).trim() : '';
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** What the notification email shows of the comment: its text with each mention as `@Name`. */
export function commentExcerpt(site: Site, storage: string, max = 200): string {
  const named = storage.replace(MENTION, (whole: string, attrs: string) => {
    const attr = ACCOUNT_ATTR.exec(attrs);
    const id = attr ? decodeEntities(attr[1]).trim() : '';
    const name = site.user(id)?.displayName ?? id;
    return name ? `@${name.replace(/[<&]/g, ' ')}` : whole;
  });
  const text = storageText(named).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}

/** The notifications kept since the simulator started (or was last cleared), oldest first. */
export class NotificationOutbox {
  private sent: Notification[] = [];

  record(notification: Notification): void {
    this.sent.push(notification);
  }

  list(): Notification[] {
    return this.sent.map((n) => ({ ...n }));
  }

  clear(): void {
    this.sent = [];
  }
}
