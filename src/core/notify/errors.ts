/**
 * Failures of the reauthorization notices. Messages are written for the admin who reads them in the settings
 * page, and never contain a password, token or Authorization header.
 */

export type NotifyErrorKind =
  /** The Library or its channel is missing something (no space for the status page, no password, no admins). */
  | 'not-configured'
  /** The SMTP server refused or could not be reached. */
  | 'mail'
  /** Confluence refused the status page or the comment. */
  | 'confluence';

export class NotifyError extends Error {
  constructor(
    readonly kind: NotifyErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'NotifyError';
  }
}

/** Why a mail server did not take a message, as a MailTransport reports it. */
export type MailErrorKind = 'auth' | 'connection' | 'tls' | 'rejected' | 'other';

/**
 * Thrown by MailTransport implementations. It carries the kind of failure and the SMTP reply code (a number, e.g.
 * 535), never the server's reply text: that may echo credentials (AUTH PLAIN is base64 of the password) and is
 * whatever an arbitrary host:port chose to send.
 */
export class MailError extends Error {
  constructor(
    readonly kind: MailErrorKind,
    readonly replyCode?: number,
  ) {
    super(`SMTP ${kind} failure${replyCode ? ` (reply ${replyCode})` : ''}`);
    this.name = 'MailError';
  }
}
