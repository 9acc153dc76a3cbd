/**
 * Page Markdown figures, over every storage-format page the repository holds (the demo site, the permission world,
 * 200 synthetic pages, the simulator fixture and the construct fixtures in test/fixtures/storage):
 * - markdown_word_recall: the lowest per-page word recall of `pageMarkdown` against a plain tag-stripping
 *   reference (bench/word-recall.ts); beside the same figure for the older blocks Markdown (`toMarkdown`).
 * - index_text_word_recall: the lowest per-page word recall of what the index holds for a page (every chunk's
 *   section title and text, `pageDocument`) against the same reference; beside the figure the blocks projection had on
 *   main before it kept plain-text macro bodies, html text and link edges (recorded at 987bace: the code-macros
 *   fixture, 0.5714), since that projection no longer exists to be run beside it.
 * - mcp_page_size_ratio: characters of the page Markdown over characters of the storage body, summed over the demo
 *   pages; beside the raw storage body an agent would otherwise get (1.0).
 */
import { extractContent, pageMarkdown, toMarkdown } from '../../src/core/content';
import { demoPages, storageCorpus } from '../../test/fixtures/storage/corpus';
import { round, type Figure } from '../figure';
import { pageDocument } from '../../src/core/sync';
import { indexedText, referenceText, wordRecall } from '../word-recall';

const resolvePage = (ref: { title: string; spaceKey?: string }): string =>
  `https://acme.atlassian.net/wiki/spaces/${ref.spaceKey ?? 'ENG'}/pages/1/${encodeURIComponent(ref.title)}`;

export default async function markdownFigures(): Promise<Figure[]> {
  const corpus = storageCorpus();
  let lowest = { recall: 1, name: '' };
  let lowestBlocks = 1;
  let lowestIndex = { recall: 1, name: '' };
  for (const page of corpus) {
    const reference = referenceText(page.body);
    const { recall } = wordRecall(reference, pageMarkdown(page.body, { resolvePage }));
    if (recall < lowest.recall) lowest = { recall, name: page.name };
    const document = pageDocument({ pageId: '1', version: 1, spaceKey: 'ENG', title: '', url: 'https://acme.atlassian.net/wiki/x/1', body: page.body });
    const indexRecall = wordRecall(reference, indexedText(document.chunks)).recall;
    if (indexRecall < lowestIndex.recall) lowestIndex = { recall: indexRecall, name: page.name };
    lowestBlocks = Math.min(lowestBlocks, wordRecall(reference, toMarkdown(extractContent(page.body).blocks)).recall);
  }
  let markdownChars = 0;
  let storageChars = 0;
  const demo = demoPages();
  for (const page of demo) {
    markdownChars += pageMarkdown(page.body, { resolvePage }).length;
    storageChars += page.body.length;
  }
  return [
    {
      figure: 'markdown_word_recall',
      value: round(lowest.recall, 4),
      unit: 'ratio',
      vs: { name: 'blocks Markdown (toMarkdown)', value: round(lowestBlocks, 4) },
      note: `lowest of ${corpus.length} pages${lowest.name ? ` (${lowest.name})` : ''}, vs tag-stripped storage`,
    },
    {
      figure: 'index_text_word_recall',
      value: round(lowestIndex.recall, 4),
      unit: 'ratio',
      vs: { name: 'blocks projection on main at 987bace (recorded)', value: 0.5714 },
      note: `lowest of ${corpus.length} pages${lowestIndex.name ? ` (${lowestIndex.name})` : ''}: chunks' section titles and text vs tag-stripped storage`,
    },
    {
      figure: 'mcp_page_size_ratio',
      value: round(markdownChars / storageChars, 3),
      unit: 'ratio',
      vs: { name: 'raw storage body', value: 1 },
      note: `${demo.length} demo pages, ${markdownChars} Markdown vs ${storageChars} storage characters`,
    },
  ];
}
