/**
 * The settings page's Document outcomes (ciSecretStatus): each mapped Document with its page, the commit of its
 * last ship and what that led to, read from the Document records and the proposals, over the in-memory KVS.
 */
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { MemorySecrets } from '../../../sandbox/forge/kvs/memory-secrets';
import { DocumentLinks, emptyLink } from '../../../src/core/documents/links';
import { LibraryRepository } from '../../../src/core/library';
import { ProposalStore, type Proposal } from '../../../src/core/review';
import { CiSecrets } from '../../../src/core/ship';
import { ShipRecords } from '../../../src/core/ship/records';
import { ciSecretStatus } from '../../../src/core/usecases/ci-secret';

const NOW = 1_700_000_000_000;
const clock = { now: () => NOW };
const P1 = '1'.repeat(16);
const P2 = '2'.repeat(16);

function proposal(id: string, state: Proposal['state'], extra: Partial<Proposal> = {}): Proposal {
  return {
    id, libraryId: 'x', pageId: '42', pageTitle: 'Deploy', spaceKey: 'ENG', baseVersion: 1,
    operations: [{ op: 'replaceText', target: { path: [0], fingerprint: 'f', before: 'a', kind: 'p' }, find: 'a', replace: 'b' }],
    reason: { text: 'docs', links: [] }, origin: { kind: 'document', name: 'docs/deploy.md' }, author: { name: 'Librarian (Document sync)' },
    modelWritten: false, state, revision: 0, createdAt: NOW, updatedAt: NOW, history: [], ...extra,
  };
}

it('lists each Document with its page, last commit and outcome, refusals with their reason', async () => {
  const store = new MemoryKeyValueStore();
  const libraries = new LibraryRepository(store, clock);
  const library = await libraries.create({ name: 'Docs' }, 'admin');
  const other = await libraries.create({ name: 'Other' }, 'admin');
  const links = new DocumentLinks(store);
  const proposals = new ProposalStore(store, clock);
  await proposals.create(proposal(P1, 'pending'));
  await proposals.create({ ...proposal(P2, 'pending'), pageId: '43' });
  await proposals.transition(P2, ['pending'], 'declined', { at: NOW, byName: 'Ann', action: 'declined' }, { stateReason: 'Not now' });
  await links.put({ ...emptyLink(library.id, 'docs/deploy.md'), pageId: '42', updatedAt: NOW });
  await links.noteOutcome(library.id, 'docs/deploy.md', { at: NOW, head: 'a1b2c3d4e5', kind: 'proposed', proposalId: P1 });
  await links.put({ ...emptyLink(library.id, 'docs/old.md'), pageId: '43', updatedAt: NOW });
  await links.noteOutcome(library.id, 'docs/old.md', { at: NOW, head: 'b2', kind: 'proposed', proposalId: P2 });
  await links.noteOutcome(library.id, 'docs/new.md', { at: NOW, head: 'c3', kind: 'refused', message: 'librarian.yml names no parent to create it under' });
  await links.noteOutcome(other.id, 'docs/theirs.md', { at: NOW, head: 'd4', kind: 'unchanged', message: 'same' });

  const view = await ciSecretStatus(
    { libraries, secrets: new CiSecrets(new MemorySecrets()), records: new ShipRecords(store), shipUrl: async () => undefined, clock, documents: { links, proposals } },
    { libraryId: library.id },
  );

  expect(view.documents).toEqual([
    { path: 'docs/deploy.md', pageId: '42', head: 'a1b2c3d4e5', at: NOW, outcome: 'proposed', proposalId: P1 },
    { path: 'docs/new.md', head: 'c3', at: NOW, outcome: 'refused', reason: 'librarian.yml names no parent to create it under' },
    { path: 'docs/old.md', pageId: '43', head: 'b2', at: NOW, outcome: 'declined', reason: 'Not now', proposalId: P2 },
  ]);
});
