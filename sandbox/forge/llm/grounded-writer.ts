/**
 * The stand-in model's unscripted answer: deterministic and grounded, so `npm start` with synthesis on shows a
 * synthesized answer without any model. It reads the numbered sources of the app's prompt (`[n] title` lines
 * inside `<sources>...</sources>`) and answers with the first sentence of source [1] followed by " [1]"; with no
 * source it says NOT_IN_SOURCES, as the app's prompt asks a real model to.
 */

/** The text of a chat message whose content is a string or a list of `{type:'text', text}` parts. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
    .join('');
}

/** The numbered sources of a prompt, by number: the text under each `[n] title` line. */
export function numberedSources(prompt: string): Map<number, string> {
  const sources = new Map<number, string>();
  const block = /<sources>\n?([\s\S]*?)\n?<\/sources>/.exec(prompt);
  if (!block) return sources;
  let current: { n: number; lines: string[] } | undefined;
  const flush = () => {
    if (current) sources.set(current.n, current.lines.join('\n').trim());
  };
  for (const line of block[1].split('\n')) {
    const header = /^\[(\d+)\] /.exec(line);
    if (header && !sources.has(Number(header[1]))) {
      flush();
      current = { n: Number(header[1]), lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  flush();
  return sources;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = /[.!?](?=\s|$)/.exec(flat);
  return end ? flat.slice(0, end.index + 1) : flat;
}

/** What the stand-in answers to a chat request nobody scripted. */
export function groundedAnswer(messages: ReadonlyArray<{ role?: unknown; content?: unknown }>): string {
  const prompt = messages
    .filter((m) => m.role === 'user')
    .map((m) => messageText(m.content))
    .join('\n');
  const first = numberedSources(prompt).get(1);
  if (!first) return 'NOT_IN_SOURCES';
  const sentence = firstSentence(first);
  return sentence ? `${sentence} [1]` : 'NOT_IN_SOURCES';
}
