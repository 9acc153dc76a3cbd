/**
 * A small seeded site for checking that answers respect Confluence permissions: five spaces readable by
 * different groups (and one by a named user), a personal space, pages read-restricted to users or to groups,
 * unrestricted children of restricted pages (inherited restrictions), and fifteen questions whose answer words
 * appear on readable and unreadable pages alike. Ten users with different group memberships, two of them guests
 * outside `confluence-users`. Everything follows from the seed number, so a failure can be replayed.
 *
 * Sign-in: admin@example.com / admin-token (site admin), member@example.com / member-token, and
 * user3@example.com / user3-token ... user10@example.com / user10-token.
 */
import type { Principal, SeedPage, SeedSpace, SeedUser, SiteSeed } from '../seed-types';
import { doc, h2, p } from './storage';
import { personalSpaceKey } from './define';
import { SYLLABLES, TOPIC_WORDS } from './vocabulary';

/** How a page's readers are decided, as the generator built it. */
export type PageAccess =
  /** No restriction of its own or above it: whoever reads the space. */
  | 'open'
  /** Read-restricted to one or two named users (and the app). */
  | 'user'
  /** Read-restricted to a group (and the app). */
  | 'group'
  /** No restriction of its own, under a restricted parent: the parent's readers only. */
  | 'inherited'
  /** A restricted parent holding no answer itself. */
  | 'parent'
  /** In the owner's personal space, which the app never indexes. */
  | 'personal';

export interface PermissionWorldPage {
  title: string;
  spaceKey: string;
  access: PageAccess;
  /** The questions (by index) this page answers. */
  answers: number[];
}

export interface PermissionQuestion {
  question: string;
  /** The made-up project name only this question's pages mention. */
  code: string;
  /** Titles of the pages that answer it, readable or not. */
  pageTitles: string[];
}

export interface PermissionWorld {
  site: SiteSeed;
  pages: PermissionWorldPage[];
  questions: PermissionQuestion[];
}

export const PERMISSION_WORLD_SEED = 7;
const QUESTIONS = 15;
const PAGES_PER_QUESTION = 4;
const APP: Principal = { type: 'app' };
const group = (name: string): Principal => ({ type: 'group', name });
const user = (accountId: string): Principal => ({ type: 'user', accountId });

/** Groups a user may belong to, besides `confluence-users` (everyone but guests) and `site-admins`. */
const TEAMS = ['engineering', 'sales', 'people-ops', 'finance', 'leadership', 'contractors'] as const;

const FACTS: Array<{ attribute: string; values: readonly string[] }> = [
  { attribute: 'launch window', values: ['the second week of March', 'early September', 'the last Friday of June'] },
  { attribute: 'budget owner', values: ['the finance controller', 'the VP of sales', 'the platform director'] },
  { attribute: 'escalation contact', values: ['the duty manager', 'the regional lead', 'the security officer'] },
  { attribute: 'data retention period', values: ['thirty days', 'eighteen months', 'seven years'] },
  { attribute: 'preferred vendor', values: ['Northwind Traders', 'Contoso Logistics', 'Fabrikam Analytics'] },
  { attribute: 'risk rating', values: ['amber with a monthly review', 'green', 'red until the audit closes'] },
  { attribute: 'kickoff city', values: ['Lisbon', 'Osaka', 'Toronto'] },
  { attribute: 'headcount target', values: ['twelve engineers', 'four account executives', 'two analysts'] },
];

/** xorshift32: a tiny deterministic generator; quality is plenty for picking spaces and groups. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function users(rng: Rng): SeedUser[] {
  const list: SeedUser[] = [
    { accountId: 'perm-admin', email: 'admin@example.com', displayName: 'Ada Admin', apiToken: 'admin-token', siteAdmin: true, groups: ['confluence-users', 'site-admins', 'engineering'] },
    { accountId: 'perm-member', email: 'member@example.com', displayName: 'Max Member', apiToken: 'member-token', groups: ['confluence-users', 'engineering'] },
  ];
  for (let i = 3; i <= 10; i++) {
    // Each user has one team by turn and maybe a second at random; the last two are guests.
    const teams = new Set<string>([TEAMS[(i - 3) % TEAMS.length] as string]);
    if (rng() < 0.5) teams.add(pick(rng, TEAMS));
    const guest = i >= 9;
    list.push({
      accountId: `perm-user-${i}`,
      email: `user${i}@example.com`,
      displayName: `User ${i}`,
      apiToken: `user${i}-token`,
      groups: [...(guest ? [] : ['confluence-users']), ...teams],
    });
  }
  return list;
}

function spaces(people: SeedUser[]): SeedSpace[] {
  const read = (principal: Principal) => ({ principal, operations: ['read' as const] });
  const admin = { principal: group('site-admins'), operations: ['read' as const, 'write' as const, 'admin' as const] };
  const member = people.find((u) => u.email === 'member@example.com') as SeedUser;
  const guest = people[people.length - 1] as SeedUser;
  return [
    { key: 'CO', name: 'Company', type: 'global', permissions: [read(APP), read(group('confluence-users')), admin] },
    { key: 'ENG', name: 'Engineering', type: 'global', permissions: [read(APP), read(group('engineering')), read(group('contractors')), admin] },
    // A guest is granted this space by name, not by group.
    { key: 'SALES', name: 'Sales', type: 'collaboration', permissions: [read(APP), read(group('sales')), read(group('leadership')), read(user(guest.accountId)), admin] },
    { key: 'PEOPLE', name: 'People Ops', type: 'knowledge_base', permissions: [read(APP), read(group('people-ops')), read(group('leadership'))] },
    { key: 'FIN', name: 'Finance', type: 'global', permissions: [read(APP), read(group('finance')), read(group('leadership')), admin] },
    {
      key: personalSpaceKey(member.accountId),
      name: member.displayName,
      type: 'personal',
      ownerAccountId: member.accountId,
      permissions: [read(APP), { principal: user(member.accountId), operations: ['read', 'write', 'admin'] }],
    },
  ];
}

function codeName(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const name = capital(pick(rng, SYLLABLES) + pick(rng, SYLLABLES) + pick(rng, SYLLABLES) + pick(rng, SYLLABLES));
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** A few sentences of unrelated text so pages are not only the answer. */
function filler(rng: Rng): string {
  const words = Array.from({ length: 3 }, () => pick(rng, TOPIC_WORDS));
  return `This page also tracks the ${words[0]} work, the ${words[1]} review and the open ${words[2]} items.`;
}

/** The seeded site, its pages as the generator built them, and the questions with the pages that answer them. */
export function permissionWorld(seed = PERMISSION_WORLD_SEED): PermissionWorld {
  const rng = generator(seed);
  const people = users(rng);
  const spaceList = spaces(people);
  const indexable = spaceList.filter((s) => s.type !== 'personal');
  const personal = spaceList.find((s) => s.type === 'personal') as SeedSpace;
  const author = (people[0] as SeedUser).accountId;
  const seedPages: SeedPage[] = [];
  const pages: PermissionWorldPage[] = [];
  let refs = 0;
  const add = (spaceKey: string, title: string, access: PageAccess, answers: number[], body: string, extra: Partial<SeedPage> = {}): string => {
    const ref = `perm-${++refs}`;
    const createdAt = new Date(Date.UTC(2026, 0, 5) + refs * 3_600_000).toISOString();
    seedPages.push({ ref, spaceKey, title, authorAccountId: author, createdAt, body, ...extra });
    pages.push({ title, spaceKey, access, answers });
    return ref;
  };
  const restriction = (access: 'user' | 'group'): Principal[] => {
    if (access === 'group') return [group(pick(rng, TEAMS)), APP];
    const first = pick(rng, people.slice(1));
    const second = pick(rng, people);
    return [...new Set([first, second])].map((u) => user(u.accountId)).concat(APP);
  };

  const taken = new Set<string>();
  const questions: PermissionQuestion[] = [];
  for (let q = 0; q < QUESTIONS; q++) {
    const code = codeName(rng, taken);
    const fact = FACTS[q % FACTS.length] as (typeof FACTS)[number];
    const question: PermissionQuestion = { question: `What is the ${fact.attribute} for project ${code}?`, code, pageTitles: [] };
    for (let n = 0; n < PAGES_PER_QUESTION; n++) {
      // The first page is open somewhere; the others are spread over every kind of restriction.
      const access: PageAccess = n === 0 ? 'open' : pick(rng, ['open', 'user', 'group', 'inherited'] as const);
      const space = pick(rng, indexable);
      const title = `${code} ${pick(rng, ['plan', 'brief', 'notes', 'review', 'status'])} ${q + 1}.${n + 1}`;
      const body = doc(
        p(filler(rng)),
        h2(`${code} ${capital(fact.attribute)}`),
        p(`The ${fact.attribute} for project ${code} is ${pick(rng, fact.values)}.`, ` ${filler(rng)}`),
      );
      if (access === 'inherited') {
        const parentRef = add(space.key, `${title} (restricted parent)`, 'parent', [], doc(p(filler(rng))), { restrictions: { read: restriction(pick(rng, ['user', 'group'] as const)) } });
        add(space.key, title, 'inherited', [q], body, { parentRef });
      } else {
        add(space.key, title, access, [q], body, access === 'open' ? {} : { restrictions: { read: restriction(access) } });
      }
      question.pageTitles.push(title);
    }
    // Every third question is also answered in the member's personal space, which is never indexed.
    if (q % 3 === 0) {
      const title = `${code} private notes`;
      add(personal.key, title, 'personal', [q], doc(h2(`${code} ${capital(fact.attribute)}`), p(`The ${fact.attribute} for project ${code} is ${pick(rng, fact.values)}.`)));
      question.pageTitles.push(title);
    }
    questions.push(question);
  }
  for (const space of indexable) add(space.key, `${space.name} overview`, 'open', [], doc(p(filler(rng)), p(filler(rng))));

  return {
    site: { site: { name: `Permission world (seed ${seed})`, timeZone: 'UTC' }, users: people, groups: ['confluence-users', 'site-admins', ...TEAMS].map((name) => ({ name })), spaces: spaceList, pages: seedPages },
    pages,
    questions,
  };
}
