/**
 * ReauthorizationNotifier: tells a Library's admins that its Source needs reconnecting, through the channel the
 * Library chose (Library.notification):
 * - `confluence-mention`: the app, as itself, posts a footer comment on its "Librarian status" page that
 *   @-mentions the site admins, so Confluence emails each admin who can see that page;
 * - `smtp`: a plain-text email through the admin's SMTP server, the password read from the SecretStore under
 *   `smtp-password:<libraryId>`, stored with the host it was entered for and sent to that host only (a changed
 *   host needs the password again, so a settings change cannot aim the password at another server).
 * `sendTest` sends a harmless test notice the same way, for the settings page's "Send test notification".
 * Failures are NotifyErrors with a message for the admin; none carries the password, nor any reply of the server
 * (an SMTP server may echo the AUTH exchange, the password base64-encoded, and any host:port may answer anything).
 */
import { ConfluenceError, type ConfluenceClient } from '../confluence';
import { isUsable, type Library, type LibraryRepository, type NotificationChannel } from '../library';
import type { Clock, KeyValueStore, SecretStore } from '../ports';
import type { SyncNotifier } from '../sync/ports';
import { MailError, NotifyError } from './errors';
import { reauthorizationNotice, testNotice, type Notice } from './message';
import type { AdminAccountIds, MailTransportFactory } from './ports';
import { StatusPage, confluenceFailure } from './status-page';

/** Where the SMTP password of a Library's channel is kept. */
export const smtpPasswordKey = (libraryId: string): string => `smtp-password:${libraryId}`;

/** The stored secret: the password and the SMTP host it was entered for. */
export interface StoredSmtpPassword {
  password: string;
  host: string;
}

const sameHost = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export interface ReauthorizationNotifierDeps {
  libraries: LibraryRepository;
  store: KeyValueStore;
  secrets: SecretStore;
  /** Confluence as the app (identity 'app'); another identity is switched to the app. */
  confluence: ConfluenceClient;
  adminAccountIds: AdminAccountIds;
  mail: MailTransportFactory;
  clock: Clock;
}

/** What a notice reached: for the settings page to show after a test. */
export type NoticeDelivery =
  | { channel: 'confluence-mention'; pageId: string; commentId: string; mentioned: number }
  | { channel: 'smtp'; recipients: number };

export class ReauthorizationNotifier implements SyncNotifier {
  private readonly confluence: ConfluenceClient;
  private readonly statusPage: StatusPage;

  constructor(private readonly deps: ReauthorizationNotifierDeps) {
    this.confluence = deps.confluence.as('app');
    this.statusPage = new StatusPage(this.confluence, deps.store, deps.clock);
  }

  async reauthorizationNeeded(libraryId: string, reason: string): Promise<void> {
    const library = await this.deps.libraries.get(libraryId);
    if (!isUsable(library)) return;
    const health = library.source?.health;
    const since = health?.state === 'needs_reauthorization' ? health.since : this.deps.clock.now();
    await this.deliver(library, reauthorizationNotice({ libraryName: library.name, since, reason }));
  }

  /** Sends a test notice through the Library's channel; throws a NotifyError that says what to fix. */
  async sendTest(libraryId: string): Promise<NoticeDelivery> {
    const library = await this.deps.libraries.require(libraryId);
    return this.deliver(library, testNotice({ libraryName: library.name, at: this.deps.clock.now() }));
  }

  /**
   * Stores the password for the Library's SMTP channel, bound to the channel's host as it is now. The channel must
   * be saved first: a password without a host it belongs to is never kept.
   */
  async saveSmtpPassword(libraryId: string, password: string): Promise<void> {
    const library = await this.deps.libraries.require(libraryId);
    if (library.notification.kind !== 'smtp') throw new NotifyError('not-configured', 'Save the SMTP server first, then its password.');
    if (!password || password.length > 1000) throw new NotifyError('not-configured', 'Give the SMTP password as text.');
    await this.deps.secrets.setSecret<StoredSmtpPassword>(smtpPasswordKey(libraryId), { password, host: library.notification.host });
  }

  /** Forgets the stored SMTP password (the channel moved to another host, or left SMTP). */
  async forgetSmtpPassword(libraryId: string): Promise<void> {
    await this.deps.secrets.deleteSecret(smtpPasswordKey(libraryId));
  }

  private async deliver(library: Library, notice: Notice): Promise<NoticeDelivery> {
    const channel = library.notification;
    if (channel.kind === 'smtp') return this.email(library, channel, notice);
    return this.mention(library, channel, notice);
  }

  private async mention(library: Library, channel: Extract<NotificationChannel, { kind: 'confluence-mention' }>, notice: Notice): Promise<NoticeDelivery> {
    const admins = [...new Set(await this.deps.adminAccountIds())];
    if (!admins.length) throw new NotifyError('not-configured', 'There is no site administrator to mention, so no one would be told. Choose email notifications instead.');
    const space = await this.noticeSpace(library, channel);
    const pageId = await this.statusPage.ensure(space);
    try {
      const comment = await this.confluence.mentionInComment(pageId, notice.comment, admins);
      return { channel: 'confluence-mention', pageId, commentId: comment.id, mentioned: admins.length };
    } catch (e) {
      throw confluenceFailure(e, space.key);
    }
  }

  /** The channel's space, else the Library's first selected space. */
  private async noticeSpace(library: Library, channel: { spaceKey?: string }): Promise<{ id: string; key: string }> {
    if (channel.spaceKey) {
      let found;
      try {
        found = (await this.confluence.listSpaces({ keys: [channel.spaceKey], limit: 1 })).results[0];
      } catch (e) {
        if (e instanceof ConfluenceError && e.status === 400) found = undefined;
        else throw confluenceFailure(e, channel.spaceKey);
      }
      if (!found) throw new NotifyError('not-configured', `Librarian cannot see the space "${channel.spaceKey}" chosen for notices. Give the app access to it or choose another space.`);
      return { id: found.id, key: found.key };
    }
    const first = library.source?.spaces[0];
    if (!first) throw new NotifyError('not-configured', 'Choose a space for the Librarian status page, or select a space for this Library first.');
    return { id: first.id, key: first.key };
  }

  private async email(library: Library, channel: Extract<NotificationChannel, { kind: 'smtp' }>, notice: Notice): Promise<NoticeDelivery> {
    const stored = channel.username ? await this.deps.secrets.getSecret<StoredSmtpPassword | string>(smtpPasswordKey(library.id)) : undefined;
    if (channel.username && !stored) {
      throw new NotifyError('not-configured', `No SMTP password is stored for ${channel.username}. Enter it in Librarian's settings.`);
    }
    // A password is sent only to the host it was entered for; one stored before hosts were recorded is not sent.
    if (stored !== undefined && (typeof stored === 'string' || !sameHost(stored.host, channel.host))) {
      throw new NotifyError('not-configured', `The SMTP server changed since its password was entered. Enter the password for ${channel.host} again in Librarian's settings.`);
    }
    const password = typeof stored === 'object' ? stored.password : undefined;
    const where = `${channel.host}:${channel.port}`;
    const transport = this.deps.mail({ host: channel.host, port: channel.port, secure: channel.secure, username: channel.username, password });
    try {
      await transport.send({ from: channel.from, to: [...channel.to], subject: notice.subject, text: notice.text });
    } catch (e) {
      throw mailFailure(e, where, channel.username);
    }
    return { channel: 'smtp', recipients: channel.to.length };
  }
}

/**
 * The admin's message for a failed send. It says which server and what kind of failure, with the SMTP reply code
 * when there is one, and never the server's own words: a reply may echo the AUTH exchange (the password, base64
 * encoded) and a host:port that is not a mail server may answer anything at all.
 */
function mailFailure(e: unknown, where: string, username: string | undefined): NotifyError {
  const code = e instanceof MailError && e.replyCode ? ` (SMTP reply ${e.replyCode})` : '';
  switch (e instanceof MailError ? e.kind : 'other') {
    case 'auth':
      return new NotifyError('mail', `The SMTP server ${where} did not accept the username ${username ?? '(none)'} and its password${code}. Check them in Librarian's settings.`);
    case 'connection':
      return new NotifyError('mail', `Librarian could not reach the SMTP server ${where}. Check the host and port.`);
    case 'tls':
      return new NotifyError('mail', `The SMTP server ${where} did not offer a secure connection${code}. Turn on "secure" (TLS) or use a server that supports STARTTLS.`);
    case 'rejected':
      return new NotifyError('mail', `The SMTP server ${where} refused the message${code}. Check the sender and recipient addresses.`);
    default:
      return new NotifyError('mail', `Sending through the SMTP server ${where} failed${code}.`);
  }
}
