/**
 * Storage-format snippets for the reauthorization notice: a paragraph that @-mentions people, so Confluence's
 * own notification email reaches them (storage format: `<ac:link><ri:user ri:account-id="..."/></ac:link>`).
 * Text is XML-escaped and account ids are checked, so neither can inject markup into the page.
 */
import { InvalidInputError } from './errors';

/** Atlassian account ids: 24 hex characters, or `<number>:<uuid>`; this pattern admits both and nothing markup-like. */
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/;

/** Escapes text for an XML text node or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One storage-format mention of `accountId`. */
export function mentionStorage(accountId: string): string {
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) {
    throw new InvalidInputError('account id is not valid');
  }
  return `<ac:link><ri:user ri:account-id="${accountId}" /></ac:link>`;
}

/** `<p>@a @b text</p>`: a notice paragraph mentioning each account once. */
export function noticeParagraph(text: string, mentionAccountIds: readonly string[]): string {
  const mentions = [...new Set(mentionAccountIds)].map(mentionStorage).join(' ');
  return `<p>${mentions}${mentions ? ' ' : ''}${escapeXml(text)}</p>`;
}
