/**
 * Everything ship and Documents keep for one Library, removed when the Library is deleted: the CI secret (so the
 * ingest refuses the Library's CI at once), the nonces of the replay window, the change marks, the ship records and
 * the Document records. Proposals stay: they belong to pages, and Review lists them by page and space.
 *
 * | prefix | written by |
 * |---|---|
 * | secret `ship-ci-secret:<library>` | CiSecrets (src/core/ship/ingest.ts) |
 * | `ship-nonce:<library>:` | the ingest's replay window |
 * | `ship-change:<library>:` | the ingest's "this change was queued" marks |
 * | `ship-findings:<library>:` | ShipRecords (src/core/ship/records.ts) |
 * | `doc:<library>:` | DocumentLinks (src/core/documents/links.ts) |
 *
 * @example
 * await forgetShipData(kvs, secrets, 'lib1'); // from deleting the Library
 */
import { DocumentLinks } from '../documents/links';
import type { KeyValueStore, SecretStore } from '../ports';
import { CiSecrets, shipKeyPrefixes } from './ingest';
import { ShipRecords } from './records';

/** The KVS prefixes of one Library's ship and Document data (each ends with `:`, so `lib1` never matches `lib10`). */
export function shipDataPrefixes(libraryId: string): string[] {
  return [...shipKeyPrefixes(libraryId), ShipRecords.prefix(libraryId), DocumentLinks.prefix(libraryId)];
}

/** Deletes the Library's ship and Document data, page by page (KVS lists at most 100 keys at a time); returns how many keys. */
export async function forgetShipData(store: KeyValueStore, secrets: SecretStore, libraryId: string): Promise<number> {
  await new CiSecrets(secrets).revoke(libraryId);
  let removed = 0;
  for (const prefix of shipDataPrefixes(libraryId)) {
    // Deleting what a page listed and listing again from the start: no cursor outlives the keys it points past.
    for (;;) {
      const page = await store.list<unknown>(prefix, { limit: 100 });
      if (!page.entries.length) break;
      await store.deleteMany(page.entries.map((e) => e.key));
      removed += page.entries.length;
    }
  }
  return removed;
}
