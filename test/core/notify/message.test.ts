/** The notice texts: one line per outside value, no credentials, the action always present. */
import { formatInstant, oneLine, reauthorizationNotice, safeReason, testNotice } from '../../../src/core/notify/message';

test('a reason loses credentials and token-like runs, and is cut short', () => {
  expect(safeReason('401 from GET /wiki/api/v2/pages Authorization: Basic YWRhOnNlY3JldA==')).not.toContain('YWRhOnNlY3JldA');
  expect(safeReason('token ATATT3xFfGF0abcdefghijklmnop rejected')).toBe('token [redacted] rejected');
  expect(safeReason('key 0123456789abcdef0123456789abcdef0123 expired')).toBe('key [redacted] expired');
  expect(safeReason('x'.repeat(20) + ' ' + 'word '.repeat(100)).length).toBe(300);
  expect(safeReason(' \n ')).toBe('Confluence refused the stored authorization.');
});

test('outside text is flattened to one line', () => {
  expect(oneLine('Ops\r\nBcc: evil@example.com\u2028x', 100)).toBe('Ops Bcc: evil@example.com x');
  expect(oneLine('abcdef', 4)).toBe('abc\u2026');
});

test('the notice says which Library, since when, why and what to do', () => {
  const notice = reauthorizationNotice({ libraryName: 'Eng\nKB', since: Date.parse('2026-10-25T01:30:00Z'), reason: 'Consent expired.' });
  expect(notice.subject).toBe('Librarian: "Eng KB" needs reconnecting');
  expect(notice.text).toContain('"Eng KB" stopped syncing from Confluence on 2026-10-25 01:30 UTC');
  expect(notice.text).toContain('Why: Consent expired.');
  expect(notice.text).toContain("Open Librarian's settings and choose Reconnect.");
  expect(notice.comment).toBe('Librarian: the Library "Eng KB" stopped syncing on 2026-10-25 01:30 UTC. Open Librarian\'s settings and choose Reconnect. Why: Consent expired.');
  expect(testNotice({ libraryName: 'Eng', at: 0 }).subject).toBe('Librarian: test notification for "Eng"');
  expect(formatInstant(0)).toBe('1970-01-01 00:00 UTC');
});
