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

/** Thrown by MailTransport implementations; `detail` is the server's reply, already free of secrets. */
export class MailError extends Error {
  constructor(
    readonly kind: MailErrorKind,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'MailError';
  }
}
