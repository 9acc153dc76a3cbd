/**
 * Word-level diffs for Review, from jsdiff (`diff` 9, `diffWordsWithSpace`: words and the spaces between them are
 * tokens, so re-joined parts reproduce both texts exactly). The UI renders the parts as text, never HTML.
 *
 * Example:
 *   wordDiff('Run npm run ship', 'Run npm run deploy')
 *   // [{kind:'same',text:'Run npm run '},{kind:'removed',text:'ship'},{kind:'added',text:'deploy'}]
 */
import { diffWordsWithSpace } from 'diff';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Past this many characters on either side the diff is shown as "removed everything, added everything". */
const MAX_DIFF_CHARS = 50_000;

export function wordDiff(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  if (before.length > MAX_DIFF_CHARS || after.length > MAX_DIFF_CHARS) {
    return [...(before ? [{ kind: 'removed' as const, text: before }] : []), ...(after ? [{ kind: 'added' as const, text: after }] : [])];
  }
  const parts: DiffPart[] = [];
  for (const change of diffWordsWithSpace(before, after)) {
    const kind: DiffPart['kind'] = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return parts;
}
