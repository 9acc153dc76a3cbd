/**
 * What the reauthorization notices need from outside src/core: a way to send mail through the SMTP server an
 * admin configured (src/app/adapters/mail.ts implements it with nodemailer), and who the site admins are.
 */

/** One plain-text email. */
export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** Sends mail through one configured server. Throws `MailError` (./errors) when the server will not take it. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
}

/** The SMTP server of a Library's `smtp` channel, with the password read from the SecretStore. */
export interface SmtpServer {
  host: string;
  port: number;
  /** Implicit TLS (usually port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  username?: string;
  password?: string;
}

/** Builds a transport for one server; called per notice so no connection outlives an invocation. */
export type MailTransportFactory = (server: SmtpServer) => MailTransport;

/** Account ids of the people to @-mention: the site admins (the composition root decides how to find them). */
export type AdminAccountIds = () => Promise<string[]>;
