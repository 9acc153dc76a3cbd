/**
 * What listing one space's indexed pages costs the store (the hourly reconcile of each space, a space's removal,
 * a sweep): Forge KVS read units, each request's size rounded up to 10 KB, at least one
 * (developer.atlassian.com/platform/forge/limits-kvs-ce/). On BENCH_LISTING_PAGES synthetic pages (default
 * 10,000) indexed with the app's index into the in-memory store, every space listed in full both ways in the same
 * run: from the space listing (`ix:sp:` keys, src/core/index/search-index.ts `listSpacePages`), and from the page
 * records, as before space listings (every record of the Library read for each space).
 * - space_listing_read_units: read units to list one space, averaged over the site's spaces.
 */
import { SearchIndex } from '../../src/core/index';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { syntheticSite } from '../../sandbox/confluence/demo/synthetic';
import { librarySyncIndex, pageDocument } from '../../src/core/sync';
import { round, type Figure } from '../figure';
import { CountingStore } from '../counting-store';

const PAGES = Number(process.env.BENCH_LISTING_PAGES ?? 10_000);

export default async function listingFigures(): Promise<Figure[]> {
  const site = syntheticSite(PAGES, { seed: 42 });
  const store = new CountingStore(new MemoryKeyValueStore());
  const index = new SearchIndex(store);
  const spaces = new Map<string, number>();
  for (const [i, page] of site.pages.entries()) {
    if ((page.status ?? 'current') !== 'current') continue;
    const pageId = String(65537 + i);
    await index.indexPage(pageDocument({ pageId, version: page.versions ?? 1, spaceKey: page.spaceKey, title: page.title, url: `/wiki/spaces/${page.spaceKey}/pages/${pageId}`, body: page.body }));
    spaces.set(page.spaceKey, (spaces.get(page.spaceKey) ?? 0) + 1);
    if (spaces.size && i % 2000 === 1999) await index.mergeAll();
  }
  await index.mergeAll();
  const sync = librarySyncIndex(index);
  const bySpace: number[] = [];
  const byRecords: number[] = [];
  for (const [spaceKey, count] of spaces) {
    store.reset();
    let listed = 0;
    let cursor: string | undefined;
    do {
      const page = await sync.listPageIds(spaceKey, cursor);
      listed += page.ids.length;
      cursor = page.cursor;
    } while (cursor);
    bySpace.push(store.reset().readUnits);
    if (listed !== count) throw new Error(`space ${spaceKey}: listed ${listed} pages, the index holds ${count}`);
    // As before space listings: every page record of the index, kept when it is in the space.
    let found = 0;
    let next: string | undefined;
    do {
      const page = await index.listPages(next);
      found += page.pages.filter((p) => p.spaceKey === spaceKey).length;
      next = page.cursor;
    } while (next);
    byRecords.push(store.reset().readUnits);
    if (found !== count) throw new Error(`space ${spaceKey}: the page records hold ${found} pages, not ${count}`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const pages = [...spaces.values()].reduce((a, b) => a + b, 0);
  return [
    {
      figure: 'space_listing_read_units',
      value: round(mean(bySpace), 2),
      unit: '10KB-units/space',
      vs: { name: 'every page record read, as before space listings', value: round(mean(byRecords), 2) },
      note: `${pages} indexed pages in ${spaces.size} spaces (${Math.min(...spaces.values())} to ${Math.max(...spaces.values())} pages each); each space listed in full both ways; the page-record listing grows with the Library, the space listing with the space`,
    },
  ];
}
