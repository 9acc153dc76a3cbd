/**
 * Word recall of a page's Markdown against a plain tag-stripping reference of its storage format: the share of the
 * reference's words (counted with repeats) that the Markdown still holds. The reference keeps CDATA bodies (code)
 * and drops configuration a reader never sees: macro parameters (`ac:parameter`), ADF attributes and fallbacks (a
 * duplicate rendering of the same content), task ids and states, editor placeholders, comments, and the markup
 * inside an html macro's body. Written with regular expressions on purpose: it shares no code with the renderer.
 */
import { decodeHTML } from 'entities';

const CONFIG = /<(ac:parameter|ac:adf-attribute|ac:adf-fallback|ac:task-id|ac:task-uuid|ac:task-status|ac:placeholder)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/gi;

function protect(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** The visible text of a storage-format page by tag stripping. */
export function referenceText(storage: string): string {
  return decodeHTML(
    storage
      .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
      .replace(/(<ac:structured-macro\b[^>]*\bac:name="html"[^>]*>)([\s\S]*?)(<\/ac:structured-macro>)/gi, (_m, open: string, body: string, close: string) =>
        open +
        body.replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, (_c, html: string) =>
          protect(decodeHTML(html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' '))),
        ) +
        close,
      )
      .replace(CONFIG, ' ')
      .replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, (_m, body: string) => protect(body))
      .replace(/<[^>]*>/g, ' '),
  );
}

/** Lower-cased runs of letters and digits, with how often each occurs. */
export function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

/** Share of the reference's words the candidate holds (1 when the reference has none), and the words it misses. */
export function wordRecall(reference: string, candidate: string): { recall: number; missing: string[] } {
  const ref = wordCounts(reference);
  const got = wordCounts(candidate);
  let total = 0;
  let kept = 0;
  const missing: string[] = [];
  for (const [word, n] of ref) {
    total += n;
    const have = Math.min(n, got.get(word) ?? 0);
    kept += have;
    if (have < n) missing.push(word);
  }
  return { recall: total === 0 ? 1 : kept / total, missing };
}

/** The text the index holds for a page: each chunk's section title (its last heading) and its text, in order. */
export function indexedText(chunks: ReadonlyArray<{ headingPath: readonly string[]; text: string }>): string {
  return chunks.map((c) => [...c.headingPath.slice(-1), c.text].join('\n')).join('\n');
}
