/**
 * Ask's order of reads: the ranking starts alongside the Library's record (one round trip for both), while every
 * check that guards text still comes first: the Library must exist, and the asker's rights are asked of
 * Confluence, before any chunk text is read.
 */
import { askLibrary, type Candidate, type Hit, type PageAccess, type Retriever } from '../../../src/core/answer';
import { LibraryRepository, type Library } from '../../../src/core/library';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';

const hit: Hit = {
  score: 3,
  chunk: { pageId: '7', version: 1, spaceKey: 'ENG', title: 'Deploys', headingPath: ['Rollback'], url: '/wiki/spaces/ENG/pages/7#Rollback', index: 0, text: 'Roll back a deploy with the rollback job.' },
};
const candidate: Candidate = { pageId: '7', version: 1, chunkIndex: 0, spaceKey: 'ENG', score: 3 };

/** A Library repository whose record read waits until the test lets it through. */
function heldLibraries(library: Library | undefined) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const events: string[] = [];
  let reads = 0;
  return {
    events,
    release,
    libraries: {
      async get(id: string) {
        reads += 1;
        events.push(`library read ${reads} of ${id}`);
        if (reads === 1) await held;
        return library;
      },
    },
  };
}

/** A retriever that logs when it ranks, which space keys its filter got, and which text it reads. */
function loggingRetriever(events: string[]): Retriever {
  return {
    async rank(_question, options) {
      events.push('ranking started');
      const spaceKeys = await options.spaceKeys;
      events.push(`space filter: ${JSON.stringify(spaceKeys)}`);
      return spaceKeys?.length ? [candidate] : [];
    },
    async read(candidates) {
      events.push(`text read: ${candidates.map((c) => c.pageId).join(',')}`);
      return candidates.length ? [hit] : [];
    },
  };
}

async function library(visibility: Library['visibility'] = 'private'): Promise<{ repository: LibraryRepository; library: Library }> {
  const repository = new LibraryRepository(new MemoryKeyValueStore(), { now: () => 1 });
  const created = await repository.create({ name: 'Docs', visibility, confirmPublic: true }, 'admin');
  await repository.connectSource(created.id, { kind: 'app' }, 'admin');
  await repository.setSpaces(created.id, [{ id: '1', key: 'ENG', name: 'Eng' }], 'admin');
  return { repository, library: (await repository.get(created.id))! };
}

it('starts ranking before the Library record arrives, and checks the asker before reading any text', async () => {
  const { library: lib } = await library();
  const { libraries, events, release } = heldLibraries(lib);
  const access: PageAccess = {
    readableBy: async (who, ids) => (events.push(`readable by ${who}: ${ids.join(',')}`), new Set(ids)),
    isGuest: async () => false,
    stillCurrent: async (ids) => new Set(ids),
  };
  const asked = askLibrary({ libraries, access, retrieverFor: (id) => (events.push(`retriever for ${id}`), loggingRetriever(events)) }, { libraryId: lib.id, question: 'How do I roll back a deploy?', accountId: 'member' });
  // Let every pending step run: the ranking has started while the record read is still held.
  await new Promise((resolve) => setImmediate(resolve));
  expect(events).toEqual([`library read 1 of ${lib.id}`, `retriever for ${lib.id}`, 'ranking started']);
  release();
  const answer = await asked;
  expect(answer.citations.map((c) => c.pageId)).toEqual(['7']);
  expect(events.slice(3)).toEqual(['space filter: ["ENG"]', 'readable by member: 7', 'text read: 7', `library read 2 of ${lib.id}`]);
});

it('gives the ranking no space and reads no text when the Library no longer exists', async () => {
  const { libraries, events, release } = heldLibraries(undefined);
  release();
  const deps = { libraries, access: { readableBy: async () => new Set<string>(), isGuest: async () => false, stillCurrent: async () => new Set<string>() }, retrieverFor: () => loggingRetriever(events) };
  await expect(askLibrary(deps, { libraryId: 'gone', question: 'deploys?', accountId: 'member' })).rejects.toThrow(/no longer exists/);
  await new Promise((resolve) => setImmediate(resolve));
  expect(events).toEqual(['library read 1 of gone', 'ranking started', 'space filter: []']);
});

it('refuses an anonymous asker of a private Library before any text is read, though ranking began at once', async () => {
  const { library: lib } = await library();
  const { libraries, events, release } = heldLibraries(lib);
  release();
  const access: PageAccess = { readableBy: async () => new Set(['7']), isGuest: async () => false, stillCurrent: async () => new Set(['7']) };
  await expect(askLibrary({ libraries, access, retrieverFor: () => loggingRetriever(events) }, { libraryId: lib.id, question: 'deploys?' })).rejects.toThrow(/Sign in/);
  expect(events.filter((e) => e.startsWith('text read'))).toEqual([]);
  expect(events).toContain('ranking started');
});

it('does not leave a failed ranking unhandled when the Library is refused first', async () => {
  const { libraries, release } = heldLibraries(undefined);
  release();
  const failing: Retriever = { rank: async () => Promise.reject(new Error('store down')), read: async () => [] };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await expect(askLibrary({ libraries, access: { readableBy: async () => new Set<string>(), isGuest: async () => false, stillCurrent: async () => new Set<string>() }, retrieverFor: () => failing }, { libraryId: 'gone', question: 'x?', accountId: 'a' })).rejects.toThrow(/no longer exists/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
