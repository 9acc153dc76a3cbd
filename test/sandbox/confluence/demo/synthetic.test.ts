import { syntheticPage, syntheticPages, syntheticQueries, syntheticSite, syntheticSkeleton } from '../../../../sandbox/confluence/demo/synthetic';
import { VOCABULARY, TOPIC_WORDS } from '../../../../sandbox/confluence/demo/vocabulary';
import type { SeedPage } from '../../../../sandbox/confluence/seed-types';
import { wellFormedError } from '../wellformed';

// Small sizes on purpose: CPU-bound code runs many times slower under jest than under plain node.
const site = syntheticSite(240, { seed: 7, spaces: 3 });
const byRef = new Map(site.pages.map((p) => [p.ref, p]));

const visibleText = (p: SeedPage): string => p.body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ').replace(/<[^>]+>/g, ' ');
const wordCount = (p: SeedPage): number => visibleText(p).split(/\s+/).filter(Boolean).length;

describe('synthetic sites', () => {
  it('produce exactly the requested number of pages, with unique refs', () => {
    expect(site.pages).toHaveLength(240);
    expect(byRef.size).toBe(240);
    expect(syntheticSite(0).pages).toHaveLength(0);
    expect(syntheticSite(1).pages).toHaveLength(1);
  });

  it('are deterministic: same seed, same site; another seed, another site', () => {
    const again = syntheticSite(240, { seed: 7, spaces: 3 });
    expect(again).toEqual(site);
    const other = syntheticSite(30, { seed: 8, spaces: 3 });
    expect(other.pages.map((p) => p.body)).not.toEqual(site.pages.slice(0, 30).map((p) => p.body));
  });

  it('streams the same pages it builds, and any page can be regenerated alone', () => {
    const streamed = Array.from(syntheticPages(60, { seed: 7, spaces: 3 }));
    expect(streamed).toEqual(site.pages.slice(0, 60));
    expect(syntheticPage(217, { seed: 7, spaces: 3 })).toEqual(site.pages[217]);
  });

  it('writes well-formed storage format with headings, code, tables, panels and lists', () => {
    for (const p of site.pages) expect(wellFormedError(p.body)).toBeNull();
    const all = site.pages.map((p) => p.body).join('');
    for (const needle of ['<h2>', '<h3>', 'ac:name="code"', '<table>', '<th>', 'ac:name="info"', 'ac:name="expand"', '<ul>', '<ol>']) expect(all).toContain(needle);
  });

  it('has bodies from about 100 to about 3,000 words, mostly short, a few long', () => {
    const counts = site.pages.map(wordCount).sort((a, b) => a - b);
    expect(counts[0]).toBeGreaterThanOrEqual(80);
    expect(counts[counts.length - 1]).toBeLessThanOrEqual(3600);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThan(800);
    expect(counts.filter((c) => c > 1500).length).toBeGreaterThan(0);
  });

  it('draws words with a Zipf-like skew', () => {
    const freq = new Map<string, number>();
    for (const p of site.pages) for (const w of visibleText(p).toLowerCase().split(/[^a-z0-9-]+/)) if (w) freq.set(w, (freq.get(w) ?? 0) + 1);
    const sorted = [...freq.values()].sort((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(10 * sorted[99]);
  });

  it('forms a tree within each space: parents exist, come first and share the space; some paths are deep', () => {
    let maxDepth = 0;
    for (const [i, p] of site.pages.entries()) {
      if (!p.parentRef) continue;
      const parent = byRef.get(p.parentRef)!;
      expect(parent.spaceKey).toBe(p.spaceKey);
      expect(site.pages.indexOf(parent)).toBeLessThan(i);
      let d = 0;
      for (let cur: SeedPage | undefined = p; cur?.parentRef; cur = byRef.get(cur.parentRef)) d++;
      maxDepth = Math.max(maxDepth, d);
    }
    expect(maxDepth).toBeGreaterThanOrEqual(4);
  });

  it('has titles unique per space, known spaces and authors, dates before 2026-03-01', () => {
    const skeleton = syntheticSkeleton({ seed: 7, spaces: 3 });
    expect(skeleton.spaces).toHaveLength(3);
    const spaces = new Set(site.spaces.map((s) => s.key));
    const users = new Set(site.users.map((u) => u.accountId));
    const titles = new Set(site.pages.map((p) => `${p.spaceKey}/${p.title}`));
    expect(titles.size).toBe(site.pages.length);
    for (const p of site.pages) {
      expect(spaces.has(p.spaceKey)).toBe(true);
      expect(users.has(p.authorAccountId)).toBe(true);
      expect(Date.parse(p.createdAt)).toBeLessThanOrEqual(Date.parse(p.updatedAt!));
      expect(Date.parse(p.updatedAt!)).toBeLessThan(Date.parse('2026-03-01T00:00:00Z'));
    }
    expect(site.users.find((u) => u.email === 'member@example.com')?.apiToken).toBe('member-token');
  });

  it('restricts a few pages to leadership (not the member) and has some non-current pages', () => {
    const big = syntheticSite(900, { seed: 7 });
    const restricted = big.pages.filter((p) => p.restrictions?.read);
    expect(restricted.length).toBeGreaterThan(0);
    expect(restricted.length).toBeLessThan(20);
    const member = big.users.find((u) => u.email === 'member@example.com')!;
    for (const p of restricted) expect(p.restrictions!.read!.some((r) => r.type === 'group' && member.groups!.includes(r.name))).toBe(false);
    const statuses = new Set(big.pages.map((p) => p.status ?? 'current'));
    for (const s of ['draft', 'trashed', 'archived'] as const) expect(statuses.has(s)).toBe(true);
  });

  it('plants unique code names that syntheticQueries turns into answerable queries', () => {
    const queries = syntheticQueries(site, 3);
    expect(queries).toHaveLength(3);
    for (const q of queries) {
      const name = q.query.split(' ')[0];
      const holders = site.pages.filter((p) => new RegExp(`\\b${name}\\b`).test(p.body));
      expect(holders.map((p) => p.ref)).toEqual(q.relevantRefs);
      expect(byRef.get(q.relevantRefs[0])!.status ?? 'current').toBe('current');
    }
    expect(syntheticQueries({ pages: syntheticPages(240, { seed: 7, spaces: 3 }) }, 3)).toEqual(queries);
  });

  it('uses a vocabulary that needs no XML escaping', () => {
    for (const w of [...VOCABULARY, ...TOPIC_WORDS]) expect(w).toMatch(/^[a-z0-9-]+$/);
  });
});
