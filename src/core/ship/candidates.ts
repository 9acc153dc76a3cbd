import type { SearchIndex } from '../index';
import { findAffected } from './affected';
import { isTestOrDoc } from './symbols';
import type { ShipChange, ShipChunk, ShipFinding } from './types';

/** Chunks read per query: a name a page set mentions more often than this is not a name a change can fix by hand. */
const HITS_PER_QUERY = 50;
const MAX_QUERIES = 120;

/** The searches that find every chunk a finding could come from: each name, and the salient old lines of each region. */
export function candidateQueries(change: ShipChange): string[] {
  const out = new Set<string>();
  for (const s of change.symbols) out.add(s.kind === 'path' ? (s.name.split('/').pop() ?? s.name) : s.name);
  for (const f of change.files) {
    if (isTestOrDoc(f.path)) continue;
    for (const h of f.hunks) {
      const line = h.oldText.split('\n').map((l) => l.trim()).find((l) => l.length >= 12 && !/^(\/\/|#|\*)/.test(l));
      if (line) out.add(line.slice(0, 200));
    }
  }
  return [...out].slice(0, MAX_QUERIES);
}

/**
 * Findings for a change over a Library's index, through its public surface only: each candidate query's hits are
 * cited (so the chunk text is the stored one), pages outside `spaceKeys` are dropped, and `findAffected` decides.
 *
 * @example
 * const findings = await affectedInLibrary(index, change, { spaceKeys: ['ENG', 'SRE'] });
 */
export async function affectedInLibrary(index: SearchIndex, change: ShipChange, options: { spaceKeys: string[] }): Promise<ShipFinding[]> {
  const spaces = new Set(options.spaceKeys);
  const byId = new Map<string, ShipChunk>();
  for (const query of candidateQueries(change)) {
    const { hits } = await index.search(query, { limit: HITS_PER_QUERY });
    const fresh = hits.filter((h) => !byId.has(h.id));
    if (!fresh.length) continue;
    for (const cited of await index.cite(fresh)) {
      if (spaces.has(cited.spaceKey)) byId.set(cited.id, cited);
    }
  }
  return findAffected(change, [...byId.values()]);
}
