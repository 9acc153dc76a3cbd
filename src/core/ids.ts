/**
 * The shape of Confluence ids, defined once: content (page), space and comment ids are int64s carried as decimal
 * strings (at most 19 digits). Everything that takes an id from outside (page events, job inputs, the index's
 * keys, request paths) checks it here.
 *
 * @example
 * if (!isConfluenceId(event.content?.id)) return; // not a page id: drop the event
 */
export const CONFLUENCE_ID = /^[0-9]{1,19}$/;

export function isConfluenceId(id: unknown): id is string {
  return typeof id === 'string' && CONFLUENCE_ID.test(id);
}
