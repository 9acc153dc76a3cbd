/**
 * The index's keys in the KeyValueStore (see the README, "The search index"). Every key fits Forge's charset `[a-zA-Z0-9:._\s-#]`:
 * terms made only of `[a-z0-9._-]` are used as they are, any other term is spelled in hex UTF-8 under another prefix.
 */
import { isConfluenceId } from '../ids';

const PLAIN_TERM = /^[a-z0-9._-]{1,100}$/;
/** Page ids become part of keys and postings, so they are held to Confluence's shape (src/core/ids.ts). */
export function isValidPageId(pageId: string): boolean {
  return isConfluenceId(pageId);
}

export function termKeyPart(term: string): string {
  return PLAIN_TERM.test(term) ? `t:${term}` : `u:${Buffer.from(term, 'utf8').toString('hex')}`;
}

/** A space key as a key part: characters outside `[A-Za-z0-9]` as `#` + 4 hex digits (a personal space's `~`). */
export function spaceKeyPart(spaceKey: string): string {
  return spaceKey.replace(/[^A-Za-z0-9]/g, (c) => '#' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Key builders for one index living under `prefix` (default `ix`). */
export class IndexKeys {
  constructor(readonly prefix = 'ix') {}

  /** Every key of this index begins with this. */
  all(): string {
    return `${this.prefix}:`;
  }
  stats(): string {
    return `${this.prefix}:stats`;
  }
  page(pageId: string): string {
    return `${this.prefix}:page:${pageId}`;
  }
  /** A page listed under its space (value `1`), so a space's pages are listed without reading every page record. */
  spacePage(spaceKey: string, pageId: string): string {
    return `${this.prefix}:sp:${spaceKeyPart(spaceKey)}:${pageId}`;
  }
  spacePagePrefix(spaceKey: string): string {
    return `${this.prefix}:sp:${spaceKeyPart(spaceKey)}:`;
  }
  chunkPrefix(pageId: string): string {
    return `${this.prefix}:c:${pageId}:`;
  }
  chunk(pageId: string, version: number, index: number): string {
    return `${this.prefix}:c:${pageId}:${pad(version, 10)}:${pad(index, 6)}`;
  }
  /** Inbox: one entry per requested change; the merger folds them into the postings. */
  inboxPrefix(): string {
    return `${this.prefix}:q:`;
  }
  inboxUpsert(pageId: string, version: number): string {
    return `${this.prefix}:q:${pageId}:u${pad(version, 10)}`;
  }
  inboxRemove(pageId: string, at: number): string {
    return `${this.prefix}:q:${pageId}:r${pad(at, 15)}`;
  }
  inboxRemovePrefix(pageId: string): string {
    return `${this.prefix}:q:${pageId}:r`;
  }
  /** A merge's plan (records.ts `MergeJournal`), in parts. */
  journalPrefix(): string {
    return `${this.prefix}:j:`;
  }
  journal(part: number): string {
    return `${this.prefix}:j:${part}`;
  }
  termHead(term: string): string {
    return `${this.prefix}:h:${termKeyPart(term)}`;
  }
  termBlock(term: string, blockId: number): string {
    return `${this.prefix}:b:${termKeyPart(term)}:${blockId}`;
  }
  leasePrefix(): string {
    return `${this.prefix}:lease:`;
  }
  lease(epoch: number): string {
    return `${this.prefix}:lease:${pad(epoch, 12)}`;
  }
}
