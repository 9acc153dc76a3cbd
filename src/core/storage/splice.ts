/** One replacement of the source's characters in [start, end) by `text`; start === end inserts. */
export interface StorageEdit {
  start: number;
  end: number;
  text: string;
}

/** An edit list that cannot be applied; `kind` says why, so callers branch on it rather than on the message. */
export class StorageEditError extends Error {
  constructor(
    readonly kind: 'overlapping-edits' | 'edit-out-of-range',
    message: string,
  ) {
    super(message);
    this.name = 'StorageEditError';
  }
}

/**
 * Applies edits to the original text: every character outside the edited ranges is kept exactly, so comments'
 * markers, macros and local-ids elsewhere on the page survive. Edits may come in any order; insertions at the same
 * offset apply in the order given. Overlapping edits are refused, never merged.
 *
 * @example
 *   splice('<p>a</p><p>b</p>', [{ start: 8, end: 16, text: '<p>c</p>' }]); // '<p>a</p><p>c</p>'
 */
export function splice(source: string, edits: readonly StorageEdit[]): string {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.order - b.order);
  for (const { edit } of sorted) {
    if (!Number.isInteger(edit.start) || !Number.isInteger(edit.end) || edit.start < 0 || edit.end < edit.start || edit.end > source.length) {
      throw new StorageEditError('edit-out-of-range', `edit [${edit.start}, ${edit.end}) is not a range inside the ${source.length}-character page`);
    }
    if (typeof edit.text !== 'string') throw new StorageEditError('edit-out-of-range', `edit [${edit.start}, ${edit.end}) has no replacement text`);
  }
  for (let i = 1; i < sorted.length; i += 1) {
    const a = sorted[i - 1].edit;
    const b = sorted[i].edit;
    // Touching ranges are fine; an insertion strictly inside a replaced range, or two ranges sharing characters, is not.
    if (b.start < a.end) {
      throw new StorageEditError('overlapping-edits', `edits [${a.start}, ${a.end}) and [${b.start}, ${b.end}) overlap; split them or merge them into one`);
    }
  }
  const out: string[] = [];
  let pos = 0;
  for (const { edit } of sorted) {
    out.push(source.slice(pos, edit.start), edit.text);
    pos = edit.end;
  }
  out.push(source.slice(pos));
  return out.join('');
}
