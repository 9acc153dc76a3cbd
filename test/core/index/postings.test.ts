import { decodeBlock, encodeBlock, encodedLength, type Posting } from '../../../src/core/index/postings';
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

  it('sizes a block exactly without building it, and packs blocks larger than the reused buffer', () => {
    // 20,000 postings of long page ids: well past the 64 KB the encoder starts with.
    const list = Array.from({ length: 20_000 }, (_, i) => posting(String(1e15 + i * 7919), i % 5, [0, 1, (i % 20) + 1], [3, 5, 100 + i]));
    const packed = encodeBlock(list);
    expect(packed.length).toBeGreaterThan(100_000);
    expect(encodedLength(list)).toBe(packed.length);
    expect(decodeBlock(packed)).toEqual([...list].sort((a, b) => (a.id.split('.')[0] < b.id.split('.')[0] ? -1 : a.id.split('.')[0] > b.id.split('.')[0] ? 1 : Number(a.id.split('.')[1]) - Number(b.id.split('.')[1]))));
    // A small block packed after the large one is not polluted by its bytes.
    const small = [posting('5', 0, [0, 0, 1], [0, 0, 9])];
    expect(decodeBlock(encodeBlock(small))).toEqual(small);
    expect(encodedLength([])).toBe(0);
    expect(encodeBlock([])).toBe('');
  });
});
