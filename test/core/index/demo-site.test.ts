import { demoQuestions, demoSite } from '../../../sandbox/confluence/demo';
import { extractContent, toMarkdown } from '../../../src/core/content';
import { indexRetriever } from '../../../src/core/answer';
import { extractAnswer } from '../../../src/core/answer/extractive';
import { SearchIndex } from '../../../src/core/index';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { pageDocument } from '../../../src/core/sync';

describe('the simulator’s demo site through extraction and the index', () => {
  const site = demoSite();
  const idOf = new Map(site.pages.map((p, i) => [p.ref, String(100 + i)]));

  it('extracts every demo page to Markdown with no storage-format markup left', () => {
    for (const page of site.pages) {
      const { blocks } = extractContent(page.body);
      const md = toMarkdown(blocks);
      expect([page.ref, /<\/?(ac|ri):/.test(md)]).toEqual([page.ref, false]);
    }
  });

  async function demoIndex(): Promise<SearchIndex> {
    const index = new SearchIndex(new MemoryKeyValueStore(), { clock: { now: () => 1_700_000_000_000 } });
    for (const p of site.pages) {
      const pageId = idOf.get(p.ref) as string;
      await index.indexPage(pageDocument({ pageId, version: p.versions ?? 1, spaceKey: p.spaceKey, title: p.title, url: `https://acme.atlassian.net/wiki/spaces/${p.spaceKey}/pages/${pageId}`, body: p.body }));
    }
    await index.mergeAll();
    return index;
  }

  it('cites the answering page in the extractive answer to every demo question', async () => {
    const retriever = indexRetriever(await demoIndex());
    const spaceKeys = [...new Set(site.pages.map((p) => p.spaceKey))];
    for (const q of demoQuestions) {
      const { citations } = extractAnswer(q.question, await retriever.read(await retriever.rank(q.question, { spaceKeys, limit: 40 })));
      expect([q.question, citations.some((c) => c.pageId === idOf.get(q.answerPageRef))]).toEqual([q.question, true]);
    }
  });

  it('ranks the answering page in the top 3 for every demo question', async () => {
    const index = await demoIndex();
    for (const q of demoQuestions) {
      const { hits } = await index.searchPages(q.question, { limit: 3 });
      expect([q.question, hits.map((h) => h.pageId).includes(idOf.get(q.answerPageRef) as string)]).toEqual([q.question, true]);
    }
  });
});
