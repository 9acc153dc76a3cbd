/**
 * Reauthorization notices end to end: the Confluence mention through the real simulator (the app creates its
 * status page, comments as itself, and Confluence "emails" each admin who can read the page), and email through a
 * real SMTP server on loopback (smtp-server, with authentication) via the nodemailer adapter.
 */
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SteppedClock } from '../../sandbox/clock';
import { startSimulator, type Simulator } from '../../sandbox/confluence';
import type { SiteSeed } from '../../sandbox/confluence/seed-types';
import { ConfluenceClient } from '../../src/core/confluence';
import { LibraryRepository, type Library } from '../../src/core/library';
import { NotifyError, ReauthorizationNotifier, STATUS_PAGE_TITLE, smtpPasswordKey } from '../../src/core/notify';
import type { ConfluenceTransport } from '../../src/core/ports';
import { MemoryKeyValueStore } from '../../sandbox/forge/kvs/memory-store';
import { MemorySecrets } from '../../sandbox/forge/kvs/memory-secrets';
import { nodemailerTransport } from '../../src/app/adapters/mail';

const ADA = { accountId: '557058:ada', email: 'ada@example.com', displayName: 'Ada Admin', apiToken: 'ada-token', siteAdmin: true, groups: ['staff'] };
const BOB = { accountId: '557058:bob', email: 'bob@example.com', displayName: 'Bob Boss', apiToken: 'bob-token', siteAdmin: true, groups: [] };
const MAX = { accountId: '557058:max', email: 'max@example.com', displayName: 'Max Member', apiToken: 'max-token', groups: ['staff'] };

const SECRET_IN_REASON = 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.c2lnbmF0dXJl';
const REASON = `Confluence no longer accepts the Source's authorization. (${SECRET_IN_REASON})`;

function seed(): SiteSeed {
  return {
    site: { name: 'Notify site', timeZone: 'Europe/Berlin' },
    users: [ADA, BOB, MAX],
    groups: [{ name: 'staff' }],
    spaces: [
      {
        key: 'OPS',
        name: 'Operations',
        type: 'global',
        permissions: [
          { principal: { type: 'group', name: 'staff' }, operations: ['read', 'write'] },
          { principal: { type: 'app' }, operations: ['read', 'write'] },
        ],
      },
      {
        key: 'DOCS',
        name: 'Docs',
        type: 'global',
        permissions: [
          { principal: { type: 'group', name: 'staff' }, operations: ['read', 'write'] },
          { principal: { type: 'app' }, operations: ['read'] },
        ],
      },
    ],
    pages: [
      { ref: 'ops', spaceKey: 'OPS', title: 'Operations home', authorAccountId: ADA.accountId, createdAt: '2026-01-01T00:00:00Z', body: '<p>Ops.</p>' },
      { ref: 'docs', spaceKey: 'DOCS', title: 'Docs home', authorAccountId: ADA.accountId, createdAt: '2026-01-01T00:00:00Z', body: '<p>Docs.</p>' },
    ],
  };
}

/** The app's road to the simulator: a Bearer app token on every request. */
function appTransport(sim: Simulator, token: string): ConfluenceTransport {
  return {
    async request(_identity, path, init = {}) {
      const res = await fetch(`${sim.url}${path}`, { method: init.method ?? 'GET', headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token}` }, body: init.body });
      return { status: res.status, headers: res.headers, text: () => res.text() };
    },
  };
}


interface World {
  sim: Simulator;
  clock: SteppedClock;
  store: MemoryKeyValueStore;
  secrets: MemorySecrets;
  libraries: LibraryRepository;
  library: Library;
  admins: string[];
  notifier: ReauthorizationNotifier;
}

let w: World;

beforeEach(async () => {
  const clock = new SteppedClock('2026-03-01T09:00:00Z');
  const sim = await startSimulator({ seed: seed(), clock });
  const store = new MemoryKeyValueStore();
  const secrets = new MemorySecrets();
  const libraries = new LibraryRepository(store, clock);
  let library = await libraries.create({ name: 'Ops "Handbook"' }, ADA.accountId);
  await libraries.connectSource(library.id, { kind: 'app' }, ADA.accountId);
  const ops = sim.control.pages('OPS')[0];
  library = (await libraries.setSpaces(library.id, [{ id: ops.spaceId, key: 'OPS', name: 'Operations' }], ADA.accountId)).library;
  await libraries.setHealth(library.id, { state: 'needs_reauthorization', since: clock.now(), reason: REASON });
  clock.advance(30 * 60_000);
  const confluence = ConfluenceClient.create(appTransport(sim, sim.control.issueToken({ kind: 'app' }).token), 'app', { sleep: async () => undefined });
  const world: World = { sim, clock, store, secrets, libraries, library, admins: [ADA.accountId, BOB.accountId], notifier: undefined as never };
  world.notifier = new ReauthorizationNotifier({ libraries, store, secrets, confluence, adminAccountIds: async () => world.admins, mail: nodemailerTransport, clock });
  w = world;
});

afterEach(() => w.sim.close());

describe('Confluence mention', () => {
  test('each admin who can read the status page is notified, with a plain message and no secret', async () => {
    await w.notifier.reauthorizationNeeded(w.library.id, REASON);
    const page = w.sim.control.findPage(STATUS_PAGE_TITLE, 'OPS');
    expect(page).toBeDefined();
    const sent = w.sim.control.notifications();
    // Bob is a site admin but cannot read OPS, so Confluence does not email him.
    expect(sent.map((n) => [n.accountId, n.email, n.pageId])).toEqual([[ADA.accountId, ADA.email, page?.id]]);
    const excerpt = sent[0].excerpt;
    expect(excerpt).toContain('"Ops "Handbook""');
    expect(excerpt).toContain('stopped syncing on 2026-03-01 09:00 UTC');
    expect(excerpt).toContain('Why: Confluence no longer accepts');
    expect(excerpt).toContain("Open Librarian's settings and choose Reconnect.");
    expect(excerpt).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    const [comment] = w.sim.control.footerComments(page?.id ?? '');
    expect(comment.authorId).toBe(w.sim.appAccountId);
    expect(comment.body).toContain(`ri:account-id="${BOB.accountId}"`);
    expect(comment.body).toContain('Why: Confluence no longer accepts the Source&#39;s authorization. (Bearer [redacted])');
    expect(comment.body).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });

  test('the status page is reused, and replaced when someone trashes it', async () => {
    await w.notifier.reauthorizationNeeded(w.library.id, REASON);
    await w.notifier.reauthorizationNeeded(w.library.id, REASON);
    const pages = w.sim.control.pages('OPS').filter((p) => p.title === STATUS_PAGE_TITLE);
    expect(pages).toHaveLength(1);
    expect(w.sim.control.footerComments(pages[0].id)).toHaveLength(2);
    w.sim.control.trashPage(pages[0].id, { as: ADA.accountId });
    await w.notifier.reauthorizationNeeded(w.library.id, REASON);
    const current = w.sim.control.pages('OPS').filter((p) => p.title === STATUS_PAGE_TITLE && p.status === 'current');
    expect(current).toHaveLength(1);
    expect(current[0].id).not.toBe(pages[0].id);
    expect(w.sim.control.notifications().map((n) => n.pageId)).toEqual([pages[0].id, pages[0].id, current[0].id]);
  });

  test("a person's page with the status title is left alone", async () => {
    const human = w.sim.control.createPage({ as: MAX.accountId, spaceKey: 'OPS', title: STATUS_PAGE_TITLE, body: '<p>mine</p>' });
    const delivery = await w.notifier.sendTest(w.library.id);
    expect(delivery).toMatchObject({ channel: 'confluence-mention', mentioned: 2 });
    if (delivery.channel !== 'confluence-mention') throw new Error('unexpected channel');
    expect(delivery.pageId).not.toBe(human.id);
    expect(w.sim.control.page(delivery.pageId)?.title).toBe(`${STATUS_PAGE_TITLE} 2026-03-01 09:30 UTC`);
    expect(w.sim.control.footerComments(human.id)).toEqual([]);
    expect(w.sim.control.notifications()[0].excerpt).toContain('test notification for the Library "Ops "Handbook""');
  });

  test('a space the app cannot write in, and no admins at all, give clear errors', async () => {
    await w.libraries.update(w.library.id, { notification: { kind: 'confluence-mention', spaceKey: 'DOCS' } }, ADA.accountId);
    await expect(w.notifier.sendTest(w.library.id)).rejects.toThrow(/cannot write in the space "DOCS"/);
    await w.libraries.update(w.library.id, { notification: { kind: 'confluence-mention', spaceKey: 'NOPE' } }, ADA.accountId);
    await expect(w.notifier.sendTest(w.library.id)).rejects.toThrow(/cannot see the space "NOPE"/);
    w.admins = [];
    await w.libraries.update(w.library.id, { notification: { kind: 'confluence-mention' } }, ADA.accountId);
    const error = await w.notifier.sendTest(w.library.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect((error as NotifyError).kind).toBe('not-configured');
    expect(w.sim.control.notifications()).toEqual([]);
  });
});

describe('SMTP', () => {
  interface Received {
    from: string;
    to: string[];
    raw: string;
  }
  const PASSWORD = 'correct horse battery staple';
  let smtp: SMTPServer;
  let port: number;
  let received: Received[];
  let logins: string[];

  beforeEach(async () => {
    received = [];
    logins = [];
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push(auth.username ?? '');
        if (auth.username === 'librarian' && auth.password === PASSWORD) callback(null, { user: auth.username });
        // A server that echoes the AUTH PLAIN exchange (base64 of "\0user\0password") in its refusal.
        else callback(new Error(`Invalid username or password for ${Buffer.from(`\u0000${auth.username}\u0000${auth.password}`).toString('base64')}`));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
    await w.libraries.update(
      w.library.id,
      { notification: { kind: 'smtp', host: '127.0.0.1', port, secure: false, from: 'librarian@example.com', to: ['ada@example.com', 'ops@example.com'], username: 'librarian' } },
      ADA.accountId,
    );
  });

  afterEach(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  /** Headers and the decoded text body of a simple single-part message. */
  function parse(raw: string): { subject: string; body: string } {
    const [head, ...rest] = raw.split('\r\n\r\n');
    const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
    // RFC 2047 encoded words (nodemailer Q-encodes a subject with quotes); blanks between two words vanish.
    const subject = (/^Subject: (.*)$/m.exec(unfolded)?.[1] ?? '')
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_, q: string) => Buffer.from(q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
    let body = rest.join('\r\n\r\n');
    if (/^Content-Transfer-Encoding: quoted-printable$/im.test(unfolded)) {
      body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    }
    return { subject, body };
  }

  test('the notice arrives with the right subject, sender and recipients, and no secret in it', async () => {
    await w.notifier.saveSmtpPassword(w.library.id, PASSWORD);
    await w.notifier.reauthorizationNeeded(w.library.id, REASON);
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail.from).toBe('librarian@example.com');
    expect(mail.to).toEqual(['ada@example.com', 'ops@example.com']);
    const { subject, body } = parse(mail.raw);
    expect(subject).toBe('Librarian: "Ops "Handbook"" needs reconnecting');
    expect(body).toContain('stopped syncing from Confluence on 2026-03-01 09:00 UTC');
    expect(body).toContain("Open Librarian's settings and choose Reconnect.");
    expect(mail.raw).not.toContain(PASSWORD);
    expect(mail.raw).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(logins).toEqual(['librarian']);
    expect(w.sim.control.notifications()).toEqual([]);
  });

  test('"Send test notification" goes the same way', async () => {
    await w.notifier.saveSmtpPassword(w.library.id, PASSWORD);
    expect(await w.notifier.sendTest(w.library.id)).toEqual({ channel: 'smtp', recipients: 2 });
    expect(parse(received[0].raw).subject).toBe('Librarian: test notification for "Ops "Handbook""');
  });

  test('a wrong password is a clear error that never shows a password', async () => {
    const wrong = 'not-the-password-42';
    await w.notifier.saveSmtpPassword(w.library.id, wrong);
    const error = await w.notifier.reauthorizationNeeded(w.library.id, REASON).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    const message = (error as NotifyError).message;
    expect(message).toMatch(new RegExp(`SMTP server 127\\.0\\.0\\.1:${port} did not accept the username librarian`));
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(PASSWORD);
    // Neither the password base64-encoded in the server's echo, nor any of the server's own words.
    expect(message).not.toContain(Buffer.from(`\u0000librarian\u0000${wrong}`).toString('base64'));
    expect(message).not.toContain(Buffer.from(wrong).toString('base64').slice(0, 12));
    expect(message).not.toMatch(/Invalid username/);
    expect(message).toContain('(SMTP reply 535)');
    expect(received).toEqual([]);
  });

  test('the password goes only to the host it was entered for: a new host needs it again', async () => {
    await w.notifier.saveSmtpPassword(w.library.id, PASSWORD);
    const channel = { kind: 'smtp' as const, port, secure: false, from: 'librarian@example.com', to: ['ada@example.com'], username: 'librarian' };
    // The same server under another name: a settings change must not aim the stored password at it.
    await w.libraries.update(w.library.id, { notification: { ...channel, host: 'localhost' } }, ADA.accountId);
    await expect(w.notifier.sendTest(w.library.id)).rejects.toThrow(/SMTP server changed since its password was entered\. Enter the password for localhost again/);
    expect(logins).toEqual([]);
    await w.notifier.saveSmtpPassword(w.library.id, PASSWORD);
    expect(await w.notifier.sendTest(w.library.id)).toEqual({ channel: 'smtp', recipients: 1 });
    expect(logins).toEqual(['librarian']);
    // A password stored before hosts were recorded (a bare string) is never sent either.
    await w.secrets.setSecret(smtpPasswordKey(w.library.id), PASSWORD);
    await expect(w.notifier.sendTest(w.library.id)).rejects.toThrow(/Enter the password for localhost again/);
    expect(logins).toEqual(['librarian']);
  });

  test('a reply from something that is not a mail server is never shown', async () => {
    const sockets = new Set<import('node:net').Socket>();
    // Greets with a refusal that carries markup and words of its own, then hangs up.
    const junk = createServer((socket) => {
      sockets.add(socket);
      socket.end('554 <script>alert(1)</script> SECRET-BANNER nope\r\n');
    });
    await new Promise<void>((resolve) => junk.listen(0, '127.0.0.1', resolve));
    const junkPort = (junk.address() as AddressInfo).port;
    try {
      await w.libraries.update(
        w.library.id,
        { notification: { kind: 'smtp', host: '127.0.0.1', port: junkPort, secure: false, from: 'librarian@example.com', to: ['ada@example.com'] } },
        ADA.accountId,
      );
      const error = (await w.notifier.sendTest(w.library.id).catch((e: unknown) => e)) as NotifyError;
      expect(error).toBeInstanceOf(NotifyError);
      expect(error.message).toContain(`127.0.0.1:${junkPort}`);
      expect(error.message).not.toMatch(/SECRET-BANNER|script|nope/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => junk.close(() => resolve()));
    }
  });

  test('a missing password and an unreachable server are clear errors too', async () => {
    await expect(w.notifier.sendTest(w.library.id)).rejects.toThrow(/No SMTP password is stored for librarian/);
    await w.notifier.saveSmtpPassword(w.library.id, PASSWORD);
    const closed = await freePort();
    await w.libraries.update(
      w.library.id,
      { notification: { kind: 'smtp', host: '127.0.0.1', port: closed, secure: false, from: 'librarian@example.com', to: ['ada@example.com'], username: 'librarian' } },
      ADA.accountId,
    );
    await expect(w.notifier.sendTest(w.library.id)).rejects.toThrow(new RegExp(`could not reach the SMTP server 127\\.0\\.0\\.1:${closed}`));
  });
});

/** A port nothing listens on: bound, read, released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
