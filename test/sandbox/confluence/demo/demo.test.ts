import { CQL_METACHAR_TITLE, demoQuestions, demoSite, PRIYA_SPACE } from '../../../../sandbox/confluence/demo';
import type { Principal, SeedPage, SeedUser, SiteSeed } from '../../../../sandbox/confluence/seed-types';
import { wellFormedError } from '../wellformed';

const site = demoSite();
const byRef = new Map(site.pages.map((p) => [p.ref, p]));
const user = (email: string): SeedUser => {
  const u = site.users.find((x) => x.email === email);
  if (!u) throw new Error(`no user ${email}`);
  return u;
};

/** The reading rule of issue 2 item 4, written independently of the simulator: space read, then every restriction up the tree. */
function canRead(s: SiteSeed, u: SeedUser, page: SeedPage): boolean {
  const matches = (pr: Principal): boolean =>
    (pr.type === 'user' && pr.accountId === u.accountId) || (pr.type === 'group' && (u.groups ?? []).includes(pr.name));
  const space = s.spaces.find((x) => x.key === page.spaceKey);
  if (!space || !space.permissions.some((perm) => perm.operations.includes('read') && matches(perm.principal))) return false;
  for (let p: SeedPage | undefined = page; p; p = p.parentRef ? s.pages.find((x) => x.ref === p!.parentRef) : undefined) {
    const read = p.restrictions?.read;
    if (read && read.length > 0 && !read.some(matches)) return false;
  }
  return true;
}

function depth(p: SeedPage): number {
  let d = 0;
  for (let cur = p; cur.parentRef; cur = byRef.get(cur.parentRef)!) d++;
  return d;
}

describe('demo site: storage format', () => {
  it.each(site.pages.map((p) => [p.ref, p.body]))('%s is well-formed XML', (_ref, body) => {
    expect(wellFormedError(body)).toBeNull();
  });

  const all = site.pages.map((p) => p.body).join('\n');
  it.each([
    ['h1', '<h1>'], ['h2', '<h2>'], ['h3', '<h3>'], ['ul', '<ul>'], ['ol', '<ol>'], ['th header', '<th>'],
    ['code macro', 'ac:name="code" ac:schema-version="1" ac:macro-id="'], ['language param', '<ac:parameter ac:name="language">typescript</ac:parameter>'],
    ['info panel', 'ac:name="info"'], ['note panel', 'ac:name="note"'], ['warning panel', 'ac:name="warning"'], ['tip panel', 'ac:name="tip"'],
    ['rich text body', '<ac:rich-text-body>'], ['expand', 'ac:name="expand"'], ['status', 'ac:name="status"'], ['colour', '<ac:parameter ac:name="colour">'],
    ['mention', '<ac:link><ri:user ri:account-id="'], ['page link', '<ri:page ri:content-title="'], ['include', 'ac:name="include"'],
    ['excerpt-include', 'ac:name="excerpt-include"'], ['excerpt', 'ac:name="excerpt"'], ['two-column layout', '<ac:layout-section ac:type="two_equal"'],
    ['inline comment', '<ac:inline-comment-marker ac:ref="'], ['local-id', ' local-id="'], ['ac:local-id', 'ac:local-id="'], ['adf extension', '<ac:adf-extension>'],
    ['task list', '<ac:task-list>'], ['emoticon', '<ac:emoticon'], ['date', '<time datetime="'],
  ])('somewhere uses %s', (_name, needle) => {
    expect(all).toContain(needle);
  });

  it('has a table nested inside a table cell', () => {
    expect(site.pages.some((p) => /<td>(?:(?!<\/td>).)*<table/.test(p.body))).toBe(true);
  });

  it.each(['getUserById', 'ERR_CONN_RESET', '/api/v2/pages', '--dry-run', 'v2.3.1'])('mentions %s in a current page', (id) => {
    expect(site.pages.some((p) => (p.status ?? 'current') === 'current' && p.body.includes(id))).toBe(true);
  });

  it('carries emoji, right-to-left and CJK text, and a title full of CQL metacharacters', () => {
    expect(all).toMatch(/\p{Extended_Pictographic}/u);
    expect(all).toMatch(/\p{Script=Hebrew}/u);
    expect(all).toMatch(/\p{Script=Han}/u);
    expect(site.pages.map((p) => p.title)).toContain(CQL_METACHAR_TITLE);
    expect(CQL_METACHAR_TITLE).toMatch(/"[^"]+".*\(.*\).*AND.*~/);
  });

  it('every page link and include names a page that exists', () => {
    for (const p of site.pages) {
      for (const m of p.body.matchAll(/<ri:page ri:content-title="([^"]*)"(?: ri:space-key="([^"]*)")?/g)) {
        const title = m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        const space = m[2] ?? p.spaceKey;
        expect({ from: p.ref, found: site.pages.some((x) => x.title === title && x.spaceKey === space) }).toEqual({ from: p.ref, found: true });
      }
    }
  });

  it('every mention names a user of the site', () => {
    const ids = new Set(site.users.map((u) => u.accountId));
    for (const m of site.pages.flatMap((p) => [...p.body.matchAll(/ri:account-id="([^"]*)"/g)])) expect(ids.has(m[1])).toBe(true);
  });

  it('macro ids are unique within each page', () => {
    for (const p of site.pages) {
      const ids = [...p.body.matchAll(/ac:macro-id="([^"]*)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('demo site: shape', () => {
  it('is deterministic and returns a fresh copy each call', () => {
    const again = demoSite();
    expect(again).toEqual(site);
    again.pages[0].title = 'changed';
    again.users[0].groups!.push('x');
    expect(demoSite().pages[0].title).not.toBe('changed');
    expect(demoSite().users[0].groups).not.toContain('x');
  });

  it('is the Acme site in a far-from-UTC zone with DST', () => {
    expect(site.site).toMatchObject({ name: 'Acme Engineering', timeZone: 'Australia/Sydney' });
  });

  it('has the admin and member sign-ins of the README', () => {
    expect(user('admin@example.com')).toMatchObject({ apiToken: 'admin-token', siteAdmin: true });
    const member = user('member@example.com');
    expect(member.apiToken).toBe('member-token');
    expect(member.siteAdmin).toBeFalsy();
    expect(site.users.length).toBeGreaterThanOrEqual(7);
  });

  it('has unique account ids, emails and tokens, and only declared groups', () => {
    for (const key of ['accountId', 'email', 'apiToken'] as const) expect(new Set(site.users.map((u) => u[key])).size).toBe(site.users.length);
    const groups = new Set(site.groups.map((g) => g.name));
    for (const u of site.users) for (const g of u.groups ?? []) expect(groups.has(g)).toBe(true);
  });

  it('has spaces of every type and state the issue asks for', () => {
    const types = site.spaces.map((s) => s.type);
    for (const t of ['global', 'collaboration', 'knowledge_base', 'personal'] as const) expect(types).toContain(t);
    expect(site.spaces.some((s) => s.status === 'archived')).toBe(true);
    const personal = site.spaces.find((s) => s.type === 'personal')!;
    expect(personal.key).toBe(PRIYA_SPACE);
    expect(site.users.map((u) => u.accountId)).toContain(personal.ownerAccountId);
    expect(new Set(site.spaces.map((s) => s.key)).size).toBe(site.spaces.length);
  });

  it('lets the app read every current space except the system one', () => {
    for (const s of site.spaces) {
      const appReads = s.permissions.some((p) => p.principal.type === 'app' && p.operations.includes('read'));
      expect({ key: s.key, appReads }).toEqual({ key: s.key, appReads: s.type !== 'system' });
    }
  });

  it('principals in permissions and restrictions name real users and groups', () => {
    const ids = new Set(site.users.map((u) => u.accountId));
    const groups = new Set(site.groups.map((g) => g.name));
    const check = (p: Principal): void => {
      if (p.type === 'user') expect(ids.has(p.accountId)).toBe(true);
      if (p.type === 'group') expect(groups.has(p.name)).toBe(true);
    };
    site.spaces.forEach((s) => s.permissions.forEach((p) => check(p.principal)));
    site.pages.forEach((p) => [...(p.restrictions?.read ?? []), ...(p.restrictions?.update ?? [])].forEach(check));
  });

  it('has about sixty pages with unique refs, known spaces and authors, and titles unique per space', () => {
    expect(site.pages.length).toBeGreaterThanOrEqual(55);
    expect(byRef.size).toBe(site.pages.length);
    const spaces = new Set(site.spaces.map((s) => s.key));
    const ids = new Set(site.users.map((u) => u.accountId));
    const titles = new Set<string>();
    for (const p of site.pages) {
      expect(spaces.has(p.spaceKey)).toBe(true);
      expect(ids.has(p.authorAccountId)).toBe(true);
      const key = `${p.spaceKey}\u0000${p.title}`;
      expect(titles.has(key)).toBe(false);
      titles.add(key);
      expect(p.title.length).toBeLessThanOrEqual(255);
    }
  });

  it('every parent exists in the same space, without cycles, and the tree is at least four levels deep', () => {
    for (const p of site.pages) {
      if (!p.parentRef) continue;
      const parent = byRef.get(p.parentRef);
      expect(parent?.spaceKey).toBe(p.spaceKey);
    }
    const depths = site.pages.map((p) => depth(p)); // depth() would loop forever on a cycle
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(4);
  });

  it('has drafts, trashed and archived pages and pages with several versions', () => {
    const statuses = site.pages.map((p) => p.status ?? 'current');
    for (const s of ['draft', 'trashed', 'archived'] as const) expect(statuses).toContain(s);
    expect(site.pages.filter((p) => (p.versions ?? 1) > 1).length).toBeGreaterThan(10);
  });

  it('dates are valid, ordered, before 2026-03-01 and spread over months', () => {
    const limit = Date.parse('2026-03-01T00:00:00Z');
    const months = new Set<string>();
    for (const p of site.pages) {
      const c = Date.parse(p.createdAt);
      const u = Date.parse(p.updatedAt ?? p.createdAt);
      expect(Number.isFinite(c) && Number.isFinite(u)).toBe(true);
      expect(c).toBeLessThanOrEqual(u);
      expect(u).toBeLessThan(limit);
      months.add(p.createdAt.slice(0, 7));
    }
    expect(months.size).toBeGreaterThanOrEqual(6);
  });
});

describe('demo site: what the member may read', () => {
  const member = user('member@example.com');
  const admin = user('admin@example.com');

  it('hides a page with its own read restriction from the member', () => {
    const hidden = site.pages.filter((p) => p.restrictions?.read?.length && !canRead(site, member, p));
    expect(hidden.map((p) => p.ref)).toEqual(expect.arrayContaining(['eng-sec-irp', 'eng-headcount']));
  });

  it('hides an unrestricted page under a restricted ancestor from the member', () => {
    const inherited = site.pages.filter((p) => !p.restrictions?.read && !canRead(site, member, p) && site.spaces.find((s) => s.key === p.spaceKey)!.type !== 'system');
    expect(inherited.map((p) => p.ref)).toEqual(expect.arrayContaining(['eng-sec-contacts', 'eng-sec-forensics']));
  });

  it('shows the admin the security pages, and leaves one page the app itself cannot read', () => {
    expect(canRead(site, admin, byRef.get('eng-sec-contacts')!)).toBe(true);
    const headcount = byRef.get('eng-headcount')!;
    expect(headcount.restrictions?.read?.some((p) => p.type === 'app')).toBe(false);
  });

  it('the demo questions point at current pages the member can or cannot read as stated', () => {
    expect(demoQuestions.length).toBeGreaterThanOrEqual(15);
    for (const q of demoQuestions) {
      const page = byRef.get(q.answerPageRef);
      expect(page?.status ?? 'current').toBe('current');
      expect({ q: q.question, readable: canRead(site, member, page!) }).toEqual({ q: q.question, readable: q.memberCanRead });
    }
  });
});
