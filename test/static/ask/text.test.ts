import { highlightSegments, paragraphs, synthesisParts } from '../../../static/ask/src/text';
import { readAskMacroConfig } from '../../../static/shared/askMacroConfig';
import { isRefused } from '../../../static/shared/resolverResult';

describe('Ask macro text helpers', () => {
  it('slices a passage at its highlights without losing or repeating text', () => {
    const text = 'One. Two. Three.';
    expect(highlightSegments(text, [{ start: 5, end: 9 }])).toEqual([
      { text: 'One. ', highlighted: false },
      { text: 'Two.', highlighted: true },
      { text: ' Three.', highlighted: false },
    ]);
    // Out of order, overlapping, out of range and empty ranges are normalized.
    const messy = highlightSegments(text, [
      { start: 10, end: 99 },
      { start: 0, end: 3 },
      { start: 2, end: 4 },
      { start: 7, end: 7 },
      { start: -5, end: -1 },
    ]);
    expect(messy).toEqual([
      { text: 'One.', highlighted: true },
      { text: ' Two. ', highlighted: false },
      { text: 'Three.', highlighted: true },
    ]);
    expect(messy.map((s) => s.text).join('')).toBe(text);
    expect(highlightSegments(text, [])).toEqual([{ text, highlighted: false }]);
    expect(highlightSegments('', [{ start: 0, end: 4 }])).toEqual([]);
  });

  it('turns known [n] markers into citations and leaves unknown ones as text', () => {
    const known = new Set([1, 2, 3]);
    expect(synthesisParts('Roll back [1][2]; page SRE [1, 3]. Not [7] or [x].', known)).toEqual([
      { kind: 'text', text: 'Roll back' },
      { kind: 'cite', n: 1 },
      { kind: 'cite', n: 2 },
      { kind: 'text', text: '; page SRE' },
      { kind: 'cite', n: 1 },
      { kind: 'cite', n: 3 },
      { kind: 'text', text: '. Not [7] or [x].' },
    ]);
    expect(synthesisParts('[2] first.', known)).toEqual([
      { kind: 'cite', n: 2 },
      { kind: 'text', text: ' first.' },
    ]);
    expect(paragraphs('One.\n\n  \nTwo\nlines.\n')).toEqual(['One.', 'Two\nlines.']);
  });

  it('reads a saved macro config and resolver refusals defensively', () => {
    expect(readAskMacroConfig({ libraryId: 'lib-1', spaceKeys: ['ENG', 3, ''] })).toEqual({ libraryId: 'lib-1', spaceKeys: ['ENG'] });
    expect(readAskMacroConfig({ libraryId: 'lib-1', spaceKeys: [] })).toEqual({ libraryId: 'lib-1' });
    expect(readAskMacroConfig({ library: 'lib-1' })).toBeUndefined();
    expect(readAskMacroConfig(undefined)).toBeUndefined();
    expect(isRefused({ error: { code: 'forbidden', message: 'No' } })).toBe(true);
    expect(isRefused({ error: 'No' })).toBe(false);
    expect(isRefused({ kind: 'answer' })).toBe(false);
  });
});
