/**
 * Deleting a Library removes its CI secret, replay-window nonces, change marks, ship records and Document records,
 * and nothing of another Library, over the in-memory KVS and secrets.
 */
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { MemorySecrets } from '../../../sandbox/forge/kvs/memory-secrets';
import { DocumentLinks, emptyLink } from '../../../src/core/documents/links';
import { LibraryRepository } from '../../../src/core/library';
import { acceptShip, CiSecrets, signShipRequest } from '../../../src/core/ship';
import { forgetShipData, shipDataPrefixes } from '../../../src/core/ship/forget';
import { ShipRecords } from '../../../src/core/ship/records';
import { deleteLibrary, type SettingsDeps } from '../../../src/core/usecases';

const NOW = 1_700_000_000_000;

async function allKeys(store: MemoryKeyValueStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, { limit: 100, cursor });
    out.push(...page.entries.map((e) => e.key));
    cursor = page.cursor;
  } while (cursor);
  return out;
}

const change = (head: string) => ({ base: 'a'.repeat(40), head, subjects: ['fix'], files: [], symbols: [], skipped: [], cut: [] });

/** Writes, through the real writers, what a Library's ship and Documents leave behind. */
async function seed(store: MemoryKeyValueStore, secrets: MemorySecrets, libraryId: string): Promise<void> {
  const secret = await new CiSecrets(secrets).rotate(libraryId, NOW);
  const queue = { push: async () => 'job' };
  for (let i = 0; i < 3; i++) {
    const body = JSON.stringify({ change: change(String(i).repeat(40)) });
    const headers = signShipRequest({ libraryId, secret, body, now: NOW });
    const answer = await acceptShip({ headers, body }, { secrets: new CiSecrets(secrets), store, queue, now: NOW });
    expect(answer.statusCode).toBe(202);
  }
  const records = new ShipRecords(store);
  for (let i = 0; i < 120; i++) {
    await records.put(libraryId, { key: `k${i}`, at: NOW + i, base: 'b', head: 'h', label: 'x', subjects: [], total: 0, findings: [], proposals: [], applied: [], superseded: [], forPerson: [] });
  }
  await new DocumentLinks(store).put({ ...emptyLink(libraryId, 'docs/deploy.md'), pageId: '42', updatedAt: NOW });
  await new DocumentLinks(store).put({ ...emptyLink(libraryId, 'README.md'), updatedAt: NOW });
}

it('leaves no key of the deleted Library and every key of the other', async () => {
  const store = new MemoryKeyValueStore();
  const secrets = new MemorySecrets();
  await seed(store, secrets, 'lib1');
  await seed(store, secrets, 'lib10');
  for (const prefix of shipDataPrefixes('lib1')) expect((await allKeys(store, prefix)).length).toBeGreaterThan(0);
  const before = new Map<string, number>();
  for (const prefix of shipDataPrefixes('lib10')) before.set(prefix, (await allKeys(store, prefix)).length);

  const removed = await forgetShipData(store, secrets, 'lib1');

  expect(removed).toBe(3 + 3 + 120 + 2);
  for (const prefix of shipDataPrefixes('lib1')) expect(await allKeys(store, prefix)).toEqual([]);
  expect((await allKeys(store, '')).filter((k) => /lib1(?!0)/.test(k))).toEqual([]);
  for (const prefix of shipDataPrefixes('lib10')) expect((await allKeys(store, prefix)).length).toBe(before.get(prefix));
  expect(await new CiSecrets(secrets).exists('lib1')).toBe(false);
  expect(await new CiSecrets(secrets).exists('lib10')).toBe(true);
});

it('deleting a Library through the settings use case forgets its ship data after marking it deleting', async () => {
  const store = new MemoryKeyValueStore();
  const secrets = new MemorySecrets();
  const libraries = new LibraryRepository(new MemoryKeyValueStore(), { now: () => NOW });
  const library = await libraries.create({ name: 'Docs' }, 'admin');
  await seed(store, secrets, library.id);
  const order: string[] = [];
  const deps: SettingsDeps = {
    libraries,
    sources: { deleteLibrary: async () => void order.push('marked') } as unknown as SettingsDeps['sources'],
    notifier: {} as SettingsDeps['notifier'],
    findSpace: async () => undefined,
    forgetShipData: async (id) => {
      order.push('forgot');
      await forgetShipData(store, secrets, id);
    },
  };

  await deleteLibrary(deps, 'admin', { libraryId: library.id });

  expect(order).toEqual(['marked', 'forgot']);
  expect(store.keyCount('')).toBe(0);
  expect(await new CiSecrets(secrets).current(library.id)).toEqual([]);
});
