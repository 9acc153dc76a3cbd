/**
 * What each shipped change led to, kept per Library, newest first: its findings, the proposals made (and applied
 * by Auto-Accept, or superseded), and the findings left for a person. The settings page lists the last few.
 *
 * | key | value |
 * |---|---|
 * | `ship-findings:<library>:<newest-first time>:<change key>` | a ShipRecord |
 *
 * @example
 * await new ShipRecords(store).put('lib1', record);
 * const [last] = await new ShipRecords(store).latest('lib1', 5);
 */
import type { KeyValueStore } from '../ports';
import type { ShipForPerson } from './to-proposals';
import type { ShipFinding } from './types';

export interface ShipRecord {
  /** `changeKey` of the change: the same change sent again keeps one record. */
  key: string;
  at: number;
  base: string;
  head: string;
  /** The pull request or short commit, as Review shows it. */
  label: string;
  link?: string;
  subjects: string[];
  /** Sections found, before any cut. */
  total: number;
  /** The first findings (at most MAX_KEPT), for whoever wants to see what was found and why. */
  findings: ShipFinding[];
  proposals: string[];
  applied: string[];
  superseded: string[];
  forPerson: ShipForPerson[];
  /** Proposals whose text a model drafted (the Library's "Draft prose fixes" setting). */
  drafted?: string[];
}

const MAX_KEPT = 100;
const MAX_TIME = 9_999_999_999_999;
const newestFirst = (at: number): string => String(MAX_TIME - Math.max(0, Math.min(MAX_TIME, Math.floor(at)))).padStart(13, '0');
const safe = (id: string): string => id.replace(/[^a-zA-Z0-9._-]/g, '_');

export class ShipRecords {
  constructor(private readonly store: KeyValueStore) {}

  static prefix(libraryId: string): string {
    return `ship-findings:${safe(libraryId)}:`;
  }

  /** Keeps the record; a record of the same change among the last few (a redelivered event) is replaced, not doubled. */
  async put(libraryId: string, record: ShipRecord): Promise<void> {
    const bounded: ShipRecord = { ...record, findings: record.findings.slice(0, MAX_KEPT), forPerson: record.forPerson.slice(0, MAX_KEPT) };
    const recent = await this.store.list<ShipRecord>(ShipRecords.prefix(libraryId), { limit: 20 });
    const same = recent.entries.find((e) => e.value?.key === record.key);
    await this.store.set(same?.key ?? `${ShipRecords.prefix(libraryId)}${newestFirst(record.at)}:${record.key}`, bounded);
  }

  /** The Library's last `limit` shipped changes, newest first. */
  async latest(libraryId: string, limit = 5): Promise<ShipRecord[]> {
    const page = await this.store.list<ShipRecord>(ShipRecords.prefix(libraryId), { limit: Math.min(Math.max(1, limit), 100) });
    return page.entries.map((e) => e.value);
  }
}
