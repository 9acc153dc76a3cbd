/**
 * The words of the notices: short, plain text that says which Library, since when, why, and what to do. Every
 * piece that came from elsewhere (the Library's name, the failure's reason) is flattened to one line and cut
 * short, and the reason has anything credential-like removed, so no secret can travel in a notice.
 */
import { redactSecrets } from '../confluence';

export interface Notice {
  subject: string;
  /** The email body. */
  text: string;
  /** The one paragraph of the Confluence comment that follows the @-mentions. */
  comment: string;
}

export const WHAT_TO_DO = "Open Librarian's settings and choose Reconnect.";

const MAX_NAME = 100;
const MAX_REASON = 300;

/** One line, no control characters, at most `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}

/** A failure reason fit to show an admin: credentials and long token-like runs removed. */
export function safeReason(reason: string): string {
  const cleaned = redactSecrets(reason).replace(/[A-Za-z0-9_\-+/=]{32,}/g, '[redacted]');
  return oneLine(cleaned, MAX_REASON) || 'Confluence refused the stored authorization.';
}

/** `2026-03-01 09:00 UTC`: one unambiguous form for every reader, whatever their time zone. */
export function formatInstant(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function reauthorizationNotice(facts: { libraryName: string; since: number; reason: string }): Notice {
  const name = oneLine(facts.libraryName, MAX_NAME);
  const since = formatInstant(facts.since);
  const why = safeReason(facts.reason);
  return {
    subject: `Librarian: "${name}" needs reconnecting`,
    text: [
      `The Librarian Library "${name}" stopped syncing from Confluence on ${since}.`,
      '',
      `Why: ${why}`,
      '',
      `What to do: ${WHAT_TO_DO} Syncing resumes from where it stopped.`,
      '',
      "You receive this because you are listed for Librarian's notifications.",
    ].join('\n'),
    // What to do comes before the variable-length reason, so a shortened email preview still shows it.
    comment: `Librarian: the Library "${name}" stopped syncing on ${since}. ${WHAT_TO_DO} Why: ${why}`,
  };
}

export function testNotice(facts: { libraryName: string; at: number }): Notice {
  const name = oneLine(facts.libraryName, MAX_NAME);
  const at = formatInstant(facts.at);
  return {
    subject: `Librarian: test notification for "${name}"`,
    text: [
      `This is a test notification for the Librarian Library "${name}", sent on ${at} from Librarian's settings.`,
      '',
      'If this Library ever stops syncing because its connection to Confluence lapses, you will be told this way.',
    ].join('\n'),
    comment: `Librarian: test notification for the Library "${name}" (${at}). If it ever stops syncing, you will be told here.`,
  };
}
