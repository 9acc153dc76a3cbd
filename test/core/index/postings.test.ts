import { comparePostings, decodeBlock, encodeBlock, encodePieces, type Posting } from '../../../src/core/index/postings';
import { impactOf } from '../../../src/core/index/bm25';

function posting(pageId: string, chunk: number, tf: [number, number, number], len: [number, number, number]): Posting {
  return { id: `${pageId}.${chunk}`, impact: impactOf(tf, len), tf, len };
}

describe('packed postings', () => {
  it('round-trips postings given in any order, sorted by page id then chunk, with large and small fields', () => {
    const list = [
      posting('98765', 12, [0, 0, 3], [4, 2, 180]),
      posting('1234', 0, [3, 0, 40], [20, 16, 100_000]),
      posting('98765', 2, [1, 2, 14], [14, 15, 0]),
      posting('12', 1, [0, 1, 0], [0, 3, 7]),
      posting('2', 0, [0, 0, 1], [1, 1, 1]),
      posting('10', 3, [0, 0, 1], [1, 1, 1]),
    ];
    const decoded = decodeBlock(encodeBlock(list));
    // String order of page ids (a prefix first, '10' before '2'), then chunk as a number.
    expect(decoded.map((p) => p.id)).toEqual(['10.3', '12.1', '1234.0', '2.0', '98765.2', '98765.12']);
    expect(decoded).toEqual([list[5], list[3], list[1], list[4], list[2], list[0]]);
    // The same order when one id is too long for a numeric sort key (16 digits) and the string order is used.
    const long = posting('1000000000000000', 0, [0, 0, 1], [1, 1, 1]);
    expect(decodeBlock(encodeBlock([...list, long])).map((p) => p.id)).toEqual(['10.3', '1000000000000000.0', '12.1', '1234.0', '2.0', '98765.2', '98765.12']);
  });

  it('sorts by page id string then chunk whichever sort key the block\'s ids allow', () => {
    const byId = (a: Posting, b: Posting): number => {
      const [pa, ca] = a.id.split('.');
      const [pb, cb] = b.id.split('.');
      return pa < pb ? -1 : pa > pb ? 1 : Number(ca) - Number(cb);
    };
    // Ids of 11 and 12 digits (one a prefix of another), chunks up to 40, 3,000 postings: too many for one exact
    // number per posting (11^12 x 41 x 3,000 > 2^53), so positions are sorted by their page order and chunk.
    const many = Array.from({ length: 3000 }, (_, i) => posting(i % 3 === 0 ? String(10_000_000_000 + i) : String(100_000_000_000 + i * 13), (i * 7) % 41, [0, 0, 1], [1, 1, 10 + i]));
    many.push(posting('10000000000', 5, [0, 0, 2], [1, 1, 5]), posting('100000000000', 0, [0, 0, 2], [1, 1, 5]));
    const reversed = [...many].reverse();
    expect(decodeBlock(encodeBlock(reversed))).toEqual([...many].sort(byId));
    // A few short ids: one exact number per posting, sorted by the native sort.
    const few = reversed.slice(0, 50).map((p, i) => posting(String(i * 37), Number(p.id.split('.')[1]), p.tf, p.len));
    expect(decodeBlock(encodeBlock(few))).toEqual([...few].sort(byId));
  });

  it('packs blocks larger than the reused buffer', () => {
    // 20,000 postings of long page ids: well past the 64 KB the encoder starts with.
    const list = Array.from({ length: 20_000 }, (_, i) => posting(String(1e15 + i * 7919), i % 5, [0, 1, (i % 20) + 1], [3, 5, 100 + i]));
    const packed = encodeBlock(list);
    expect(packed.length).toBeGreaterThan(100_000);
    expect(decodeBlock(packed)).toEqual([...list].sort((a, b) => (a.id.split('.')[0] < b.id.split('.')[0] ? -1 : a.id.split('.')[0] > b.id.split('.')[0] ? 1 : Number(a.id.split('.')[1]) - Number(b.id.split('.')[1]))));
    // A small block packed after the large one is not polluted by its bytes.
    const small = [posting('5', 0, [0, 0, 1], [0, 0, 9])];
    expect(decodeBlock(encodeBlock(small))).toEqual(small);
    expect(encodeBlock([])).toBe('');
  });

  it('packs pieces of a list exactly as packing each piece alone, sorting the whole list once', () => {
    // Ids in no order, chunks past 9 and ids of several lengths: every piece's id order must still match its own.
    const list = Array.from({ length: 1000 }, (_, i) => posting(String((i * 7919) % 1201), (i * 13) % 17, [0, 0, (i % 14) + 1], [2, 1, 50 + i]));
    const seen: number[][] = [];
    const { ends, pieces } = encodePieces(list, (size) => (seen.push([size.exact(), size.atMost()]), [300, 301, 1000]), 3);
    // The exact size is the whole list's packing; the bound, found without packing, is no smaller.
    expect(seen[0][0]).toBe(encodeBlock(list).length);
    expect(seen[0][1]).toBeGreaterThanOrEqual(seen[0][0]);
    expect(seen[0][1]).toBeLessThan(seen[0][0] * 1.5);
    expect(ends).toEqual([300, 301, 1000]);
    expect(pieces).toEqual([encodeBlock(list.slice(0, 300)), encodeBlock(list.slice(300, 301)), encodeBlock(list.slice(301))]);
    // Only the pieces asked for are packed; a list that is its own piece is packed once.
    expect(encodePieces(list, () => [500, 1000], 1).pieces).toEqual([encodeBlock(list.slice(0, 500))]);
    expect(encodePieces(list, () => [1000], 1).pieces).toEqual([encodeBlock(list)]);
    // Page ids past 15 digits take the comparator path and keep the same order.
    const words = list.map((p) => ({ ...p, id: `1234567890123${p.id}` }));
    expect(encodePieces(words, () => [10, 1000], 2).pieces).toEqual([encodeBlock(words.slice(0, 10)), encodeBlock(words.slice(10))]);
    expect(encodePieces([], () => [1], 1)).toEqual({ ends: [], pieces: [] });
  });

  it('packs the same whether or not it is told a first run of the list is in id order, and checks that it is', () => {
    const run = decodeBlock(encodeBlock(Array.from({ length: 400 }, (_, i) => posting(String(100 + ((i * 37) % 900)), i % 12, [0, 0, 1], [1, 1, 20 + i]))));
    const adds = Array.from({ length: 150 }, (_, i) => posting(String(50 + ((i * 53) % 1000)), 20, [0, 1, 2], [2, 1, 30 + i]));
    const list = [...run, ...adds];
    expect(encodePieces([...list], () => [550], 1, false, run.length).pieces).toEqual([encodeBlock(list)]);
    expect(encodePieces([...list], () => [200, 550], 2, true, run.length).pieces).toEqual(encodePieces([...list], () => [200, 550], 2, true).pieces);
    // A claimed run that is not in id order is sorted with the rest.
    const shuffled = [...adds, ...run];
    expect(encodePieces([...shuffled], () => [550], 1, false, 300).pieces).toEqual([encodeBlock(list)]);
  });

  it('puts a list cut into several pieces in impact order first, and leaves a list that is its own piece as it is', () => {
    // Equal impacts across pages, and one page with chunks past 9 ('5.10' sorts before '5.9' as text).
    const list = Array.from({ length: 600 }, (_, i) =>
      i < 30 ? posting('5', i, [0, 0, 1], [2, 1, 40]) : posting(String(100 + ((i * 7919) % 997)), i % 3, [0, 0, (i % 4) + 1], [2, 1, 40 + (i % 9) * 10]),
    );
    const byImpact = [...list].sort(comparePostings);
    const whole = [...list];
    expect(encodePieces(whole, () => [600], 1, true).pieces).toEqual([encodeBlock(list)]);
    expect(whole).toEqual(list);
    const cut = [...list];
    const { pieces } = encodePieces(cut, () => [200, 600], 2, true);
    expect(cut).toEqual(byImpact);
    expect(pieces).toEqual([encodeBlock(byImpact.slice(0, 200)), encodeBlock(byImpact.slice(200))]);
    // Impacts that are not the index's integers take the comparator sort, with the same order.
    const odd = list.map((p, i) => ({ ...p, impact: (p.impact % 7) + 0.5 + (i % 2) }));
    const oddCut = [...odd];
    expect(encodePieces(oddCut, () => [100, 600], 2, true).pieces).toEqual([encodeBlock([...odd].sort(comparePostings).slice(0, 100)), encodeBlock([...odd].sort(comparePostings).slice(100))]);
    expect(oddCut).toEqual([...odd].sort(comparePostings));
  });
});
