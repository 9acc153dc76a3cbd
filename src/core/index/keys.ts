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

function versionPart(version: number, generation: number): string {
  return generation > 0 ? `${pad(version, 10)}.${generation}` : pad(version, 10);
}

/**
 * The generation of a chunk key (0 when it has none), as `chunk` spells it; undefined for a key that is not one.
 *
 * @example
 * generationOfChunkKey('ix:c:42:0000000003.1733300000000:000001'); // 1733300000000
 */
export function generationOfChunkKey(key: string): number | undefined {
  const match = /:c:[^:]+:\d{10}(?:\.(\d+))?:\d{6}$/.exec(key);
  if (!match) return undefined;
  return match[1] ? Number(match[1]) : 0;
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
  /**
   * A chunk of one version of a page, under the generation it was queued in (`<version>.<generation>`; writer.ts
   * uses its queue time, and 0, no generation, for a page new to the index at that version): the merge applying a
   * removal deletes the page's chunks of generations up to the removal's time, never those a writer queued after it
   * while that merge ran.
   */
  chunk(pageId: string, version: number, index: number, generation = 0): string {
    return `${this.prefix}:c:${pageId}:${versionPart(version, generation)}:${pad(index, 6)}`;
  }
  /** Inbox: one entry per requested change; the merger folds them into the postings. */
  inboxPrefix(): string {
    return `${this.prefix}:q:`;
  }
  /** A queued version, under its generation (as `chunk`): a queuing with a generation has a key of its own, so no merge deletes one it did not read. */
  inboxUpsert(pageId: string, version: number, generation = 0): string {
    return `${this.prefix}:q:${pageId}:u${versionPart(version, generation)}`;
  }
  /** Every entry queued for one page: its versions (any generation) and its removals. */
  inboxPagePrefix(pageId: string): string {
    return `${this.prefix}:q:${pageId}:`;
  }
  inboxRemove(pageId: string, at: number): string {
    return `${this.prefix}:q:${pageId}:r${pad(at, 15)}`;
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
