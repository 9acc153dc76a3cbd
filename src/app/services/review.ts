/** Review's use-case context on Forge: proposals in KVS, Confluence as the invoking person and as the app. */
import { ConfluenceClient } from '../../core/confluence';
import { LibraryRepository } from '../../core/library';
import { ProposalStore } from '../../core/review';
import type { ReviewContext } from '../../core/usecases/review-context';
import { ForgeConfluenceTransport, ForgeKeyValueStore, forgeClock } from '../adapters';

export function reviewContext(): ReviewContext {
  const store = new ForgeKeyValueStore();
  return {
    proposals: new ProposalStore(store, forgeClock),
    libraries: new LibraryRepository(store, forgeClock),
    asUser: ConfluenceClient.create(new ForgeConfluenceTransport(), 'user'),
    asApp: ConfluenceClient.create(new ForgeConfluenceTransport(), 'app'),
    clock: forgeClock,
  };
}
