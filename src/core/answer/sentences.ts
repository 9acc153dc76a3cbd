/**
 * Sentence boundaries by Unicode's rules (Intl.Segmenter), so abbreviations, CJK and right-to-left text split
 * sensibly without a hand-written tokenizer.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const trimmed = segment.trim();
    if (!trimmed) continue;
    const start = index + segment.indexOf(trimmed);
    // Chunk text keeps list items and table rows on their own lines: treat a line break as a boundary too.
    let offset = start;
    for (const line of trimmed.split(/\n+/)) {
      const lineStart = text.indexOf(line, offset);
      if (line.trim()) out.push({ text: line, start: lineStart, end: lineStart + line.length });
      offset = lineStart + line.length;
    }
  }
  return out;
}
