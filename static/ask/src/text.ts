/**
 * Pure text helpers for the answer: slicing a passage at its highlight offsets and splitting a synthesized answer
 * at its [n] citation markers. They return plain segments; the components render each as a React text node, so
 * Confluence text is never parsed as HTML.
 */

export interface TextSegment {
  text: string;
  highlighted: boolean;
}

/**
 * Cuts `text` into plain and highlighted runs. Offsets come from the server but are clamped, sorted and merged
 * here, so an out-of-range or overlapping highlight can never drop or repeat text.
 */
export function highlightSegments(text: string, highlights: ReadonlyArray<{ start: number; end: number }>): TextSegment[] {
  const ranges = highlights
    .map(({ start, end }) => ({ start: clamp(Math.floor(start), text.length), end: clamp(Math.floor(end), text.length) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const segments: TextSegment[] = [];
  let at = 0;
  for (const { start, end } of merged) {
    if (start > at) segments.push({ text: text.slice(at, start), highlighted: false });
    segments.push({ text: text.slice(start, end), highlighted: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), highlighted: false });
  return segments;
}

function clamp(n: number, max: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), max) : 0;
}

export type SynthesisPart = { kind: 'text'; text: string } | { kind: 'cite'; n: number };

/**
 * Splits a model's answer at its citation markers: `[2]`, and also `[1, 3]` or `[1][3]`. A number that names no
 * citation of this answer stays as literal text, so nothing links to a source the server did not return.
 */
export function synthesisParts(text: string, known: ReadonlySet<number>): SynthesisPart[] {
  const parts: SynthesisPart[] = [];
  const pushText = (t: string) => {
    if (!t) return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  const marker = /\[(\d+(?:\s*,\s*\d+)*)\]/g;
  let at = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    const numbers = (match[1] as string).split(',').map((s) => Number(s.trim()));
    if (!numbers.every((n) => known.has(n))) continue;
    pushText(text.slice(at, match.index));
    // A space before a marker reads oddly once it is a superscript.
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text = last.text.replace(/[ \t]+$/, '');
    for (const n of numbers) parts.push({ kind: 'cite', n });
    at = match.index + match[0].length;
  }
  pushText(text.slice(at));
  return parts.filter((p) => p.kind === 'cite' || p.text !== '');
}

/** Splits a model's answer into paragraphs at blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
