import { askLibrary, extractAnswer, synthesize, type Hit, type PageAccess, type Retriever, type Synthesizer } from '../../../src/core/answer';
import { chunkPage, extractContent } from '../../../src/core/content';
import { LibraryRepository, type Library } from '../../../src/core/library';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';

function hit(pageId: string, text: string, score: number, heading = 'Overview'): Hit {
  return {
    score,
    chunk: { pageId, version: 1, spaceKey: 'ENG', title: `Page ${pageId}`, headingPath: [heading], url: `https://acme/wiki/spaces/ENG/pages/${pageId}#${heading}`, index: 0, text },
  };
}

const corpus: Hit[] = [
  hit('1', 'The billing service retries failed charges. Retries use exponential backoff starting at 30 seconds. Unrelated trivia follows here.', 9),
  hit('2', 'To rotate the auth-gateway signing key, run `keyctl rotate --dry-run` first, then without the flag. Rotation takes five minutes.', 7),
  hit('3', 'The billing service retries failed charges. Retries use exponential backoff starting at 30 seconds.', 6),
  hit('4', 'Lunch is served at noon in the atrium.', 5),
];

describe('extractive answers', () => {
  it('picks the sentences that answer, highlights them and cites their page section', () => {
    const { passages, citations } = extractAnswer('How does the billing service retry failed charges?', corpus);
    expect(passages[0].text).toContain('retries failed charges');
    const [h] = passages[0].highlights;
    expect(passages[0].text.slice(h.start, h.end)).toMatch(/billing service retries failed charges/);
    expect(citations[0]).toMatchObject({ n: 1, pageId: '1', url: expect.stringContaining('#Overview') });
  });

  it('merges a passage that appears on two pages into one passage citing both', () => {
    const { passages, citations } = extractAnswer('billing service exponential backoff retries', corpus);
    const merged = passages.find((p) => p.citations.length === 2);
    expect(merged).toBeDefined();
    expect(merged!.citations.map((n) => citations.find((c) => c.n === n)!.pageId).sort()).toEqual(['1', '3']);
  });

  it('highlights the table row that answers, with its header cells, not the whole table', () => {
    const storage =
      '<h2>Teams</h2><p>Each team owns its services.</p><table><tbody>' +
      '<tr><th>Team</th><th>Owns</th><th>Channel</th></tr>' +
      '<tr><td>Identity</td><td>auth-gateway</td><td>#team-identity</td></tr>' +
      '<tr><td>Payments</td><td>billing-service, PayRail integration</td><td>#team-payments</td></tr>' +
      '<tr><td>Search</td><td>search-indexer</td><td>#team-search</td></tr>' +
      '</tbody></table>';
    const [chunk] = chunkPage({ pageId: '9', version: 1, spaceKey: 'ENG', title: 'Engineering home', url: 'https://acme/wiki/spaces/ENG/pages/9' }, extractContent(storage).blocks);
    const { passages } = extractAnswer('Which team owns the billing-service?', [{ chunk, score: 5 }]);
    expect(passages).toHaveLength(1);
    const marked = passages[0].highlights.map((h) => passages[0].text.slice(h.start, h.end));
    expect(marked).toEqual(['Team: Payments; Owns: billing-service, PayRail integration; Channel: #team-payments']);
  });

  it('answers nothing when no sentence shares the question\'s meaning', () => {
    expect(extractAnswer('quantum chromodynamics lattice', corpus).passages).toEqual([]);
    expect(extractAnswer('!!! ??? ...', corpus).passages).toEqual([]);
  });
});

describe('asking a Library', () => {
  async function world(visibility: Library['visibility'] = 'private') {
    const store = new MemoryKeyValueStore();
    const libraries = new LibraryRepository(store, { now: () => 1 });
    const library = await libraries.create({ name: 'Docs', visibility, confirmPublic: true }, 'admin');
    await libraries.connectSource(library.id, { kind: 'app' }, 'admin');
    await libraries.setSpaces(library.id, [{ id: '1', key: 'ENG', name: 'Eng' }], 'admin');
    const checks: string[] = [];
    const access: PageAccess = {
      // The member may read pages 2 and 3 only; page 1 is restricted.
      readableBy: async (who, ids) => (checks.push(`user:${who}`), new Set(ids.filter((id) => who === 'admin' || id !== '1'))),
      // `guest` is outside the site's member group; `unsure` is someone Confluence could not tell about.
      isGuest: async (who) => {
        if (who === 'unsure') throw new Error('Confluence is busy');
        return who === 'guest';
      },
      stillCurrent: async (ids) => (checks.push('app'), new Set(ids.filter((id) => id !== '3'))),
    };
    // The corpus as a retriever: ranks every hit, reads back the text of those asked for (and records which).
    const read: string[] = [];
    const retriever: Retriever = {
      rank: async () => corpus.map((h) => ({ pageId: h.chunk.pageId, version: h.chunk.version, chunkIndex: h.chunk.index, spaceKey: h.chunk.spaceKey, score: h.score })),
      read: async (candidates) => {
        read.push(...candidates.map((c) => c.pageId));
        return corpus.filter((h) => candidates.some((c) => c.pageId === h.chunk.pageId));
      },
    };
    const deps = { libraries, access, retrieverFor: () => retriever };
    return { libraries, library, deps, checks, read };
  }

  it('never shows, nor even reads, text from a page the asker cannot read in a private Library', async () => {
    const { library, deps, checks, read } = await world();
    const answer = await askLibrary(deps, { libraryId: library.id, question: 'How are failed charges retried?', accountId: 'member' });
    expect(answer.citations.map((c) => c.pageId)).toEqual(['3']);
    expect(checks).toEqual(['user:member']);
    expect([...new Set(read)].sort()).toEqual(['2', '3', '4']);
    await expect(askLibrary(deps, { libraryId: library.id, question: 'retries?' })).rejects.toThrow(/Sign in/);
  });

  it('in an organization-wide Library shows any current page but never a trashed one', async () => {
    const { library, deps } = await world('organization');
    const answer = await askLibrary(deps, { libraryId: library.id, question: 'How are failed charges retried?', accountId: 'member' });
    expect(answer.citations.map((c) => c.pageId)).toEqual(['1']);
  });

  it('answers a guest from an organization-wide Library as a private one would, and fails closed when unsure', async () => {
    const { library, deps, checks } = await world('organization');
    for (const who of ['guest', 'unsure']) {
      checks.length = 0;
      const answer = await askLibrary(deps, { libraryId: library.id, question: 'How are failed charges retried?', accountId: who });
      expect(answer.citations.map((c) => c.pageId)).not.toContain('1');
      expect(checks).toEqual([`user:${who}`]);
    }
  });

  it('refuses an empty question and a deleted Library with a clear message', async () => {
    const { libraries, library, deps } = await world();
    await expect(askLibrary(deps, { libraryId: library.id, question: '  \u0000 ', accountId: 'a' })).rejects.toThrow('Type a question first.');
    await libraries.markDeleting(library.id, 'admin');
    await expect(askLibrary(deps, { libraryId: library.id, question: 'x', accountId: 'a' })).rejects.toThrow(/no longer exists/);
  });

  it('uses a grounded synthesis and falls back to passages when the model fails', async () => {
    const { libraries, library, deps } = await world('organization');
    await libraries.update(library.id, { synthesis: true }, 'admin');
    const good: Synthesizer = { complete: async () => 'Failed charges are retried with exponential backoff starting at 30 seconds [1]. Lunch is at noon [2].' };
    const answer = await askLibrary({ ...deps, synthesizer: good }, { libraryId: library.id, question: 'How are failed charges retried with backoff?', accountId: 'm' });
    expect(answer.mode).toBe('synthesis');
    expect(answer.synthesis?.text).toContain('30 seconds [1].');
    expect(answer.synthesis?.text).not.toContain('[2]');
    expect(answer.synthesis?.removedCitations).toBe(1);
    const failing: Synthesizer = { complete: async () => Promise.reject(Object.assign(new Error('429 quota exceeded'), { status: 429 })) };
    const fallback = await askLibrary({ ...deps, synthesizer: failing }, { libraryId: library.id, question: 'How are failed charges retried?', accountId: 'm' });
    expect(fallback).toMatchObject({ mode: 'extractive', synthesisFallback: expect.stringMatching(/quota/) });
  });

  it('rejects a synthesis whose citations the passages do not support', async () => {
    const passages = [{ text: 'Retries use exponential backoff starting at 30 seconds.', highlights: [], citations: [1] }];
    const citations = [{ n: 1, pageId: '1', title: 'Billing', spaceKey: 'ENG', headingPath: [], url: 'u' }];
    const invented: Synthesizer = { complete: async () => 'The moon is made of cheese [1]. Also see [7].' };
    await expect(synthesize(invented, 'retries?', passages, citations)).rejects.toThrow(/cited nothing/);
  });
});
