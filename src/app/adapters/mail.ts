/**
 * MailTransport over nodemailer's SMTP transport: one connection per message, closed afterwards, short
 * timeouts so a dead server fails within an invocation. A password is only ever sent over TLS (implicit with
 * `secure`, else STARTTLS is required), except to a loopback server, where there is no wire to protect and
 * tests run. nodemailer's failures become MailErrors holding a kind and a reply code, never the server's reply.
 *
 * Not for Forge functions: the Forge runtime allows outbound HTTPS only, no raw TCP (see README), so this adapter
 * serves the sandbox and any host outside Forge.
 */
import { createTransport } from 'nodemailer';
import { MailError, type MailErrorKind, type MailMessage, type MailTransport, type MailTransportFactory, type SmtpServer } from '../../core/notify';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

const KIND_BY_CODE: Record<string, MailErrorKind> = {
  EAUTH: 'auth',
  ENOAUTH: 'auth',
  ECONNECTION: 'connection',
  ETIMEDOUT: 'connection',
  ESOCKET: 'connection',
  EDNS: 'connection',
  ETLS: 'tls',
  EREQUIRETLS: 'tls',
  EENVELOPE: 'rejected',
  EMESSAGE: 'rejected',
  EMAXRECIPIENTS: 'rejected',
};

class NodemailerTransport implements MailTransport {
  constructor(private readonly server: SmtpServer) {}

  async send(message: MailMessage): Promise<void> {
    const { host, port, secure, username, password } = this.server;
    const transporter = createTransport({
      host,
      port,
      secure,
      requireTLS: !secure && !LOOPBACK_HOSTS.has(host.toLowerCase()),
      auth: username ? { user: username, pass: password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      logger: false,
      debug: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    try {
      await transporter.sendMail({ from: message.from, to: message.to, subject: message.subject, text: message.text });
    } catch (e) {
      throw toMailError(e);
    } finally {
      transporter.close();
    }
  }
}

/** nodemailer's failure as a MailError: its code and SMTP reply code only, never the reply text (see MailError). */
function toMailError(e: unknown): MailError {
  const err = (e ?? {}) as { code?: unknown; responseCode?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const reply = typeof err.responseCode === 'number' && Number.isInteger(err.responseCode) && err.responseCode >= 200 && err.responseCode < 600 ? err.responseCode : undefined;
  return new MailError(KIND_BY_CODE[code] ?? 'other', reply);
}

/** The MailTransportFactory for ReauthorizationNotifier. */
export const nodemailerTransport: MailTransportFactory = (server) => new NodemailerTransport(server);
