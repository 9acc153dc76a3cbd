/**
 * Synthetic sites for benchmarks: any number of engineering-flavoured pages in real storage format, generated
 * deterministically from a seed. Every page is derived from (seed, index) alone, so `syntheticPages` can
 * stream 100,000 pages without holding them, and any one page can be regenerated on its own.
 *
 * Shape: `spaces` spaces (default 10), page i in space i % spaces; a random recursive page tree per space;
 * bodies of 100 to 3,000 words drawn Zipf-style from an engineering vocabulary, with headings, lists, code
 * blocks, tables, panels and expands; about 2% drafts/trashed/archived; about 0.5% read-restricted pages
 * (plus their descendants) the member cannot read; about 2% carry a planted project code name that
 * `syntheticQueries` turns into queries with known answers.
 */
import type { Principal, SeedPage, SeedSpace, SeedUser, SiteSeed } from '../seed-types';
import {
  code, doc, expand, h2, h3, Markup, mono, ol, p, panel, table, ul, withIdScope, type Content, type PanelKind,
} from './storage';
import { PAGE_KINDS, SERVICE_SUFFIXES, SYLLABLES, TOPIC_WORDS, VOCABULARY } from './vocabulary';

export interface SyntheticOptions {
  seed?: number;
  spaces?: number;
}

export interface SyntheticQuery {
  query: string;
  relevantRefs: string[];
}

const DEFAULT_SEED = 42;
const DEFAULT_SPACES = 10;
const END = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const PLANT_LABEL = 'project-';

// ---- deterministic randomness ---------------------------------------------------------------------------

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG (also the soak's, test/support/soak.ts). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes the site seed and a page index into an independent stream seed. */
function mix(seed: number, i: number, salt = 0): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35) ^ Math.imul(salt + 7, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/** A 64K-entry inverse-CDF table for Zipf(s=1.05) over the vocabulary ranks: one lookup per word. */
const ZIPF_TABLE: Uint16Array = (() => {
  const weights = VOCABULARY.map((_, r) => 1 / Math.pow(r + 2.7, 1.05));
  const total = weights.reduce((a, b) => a + b, 0);
  const table = new Uint16Array(1 << 16);
  let r = 0;
  let cum = weights[0] / total;
  for (let k = 0; k < table.length; k++) {
    const u = (k + 0.5) / table.length;
    while (u > cum && r < weights.length - 1) cum += weights[++r] / total;
    table[k] = r;
  }
  return table;
})();

// Local copies: module namespace access through CommonJS interop getters costs more than the sampling itself.
const VOCAB: string[] = [...VOCABULARY];
const TOPICS: string[] = [...TOPIC_WORDS];
const word = (rng: Rng): string => VOCAB[ZIPF_TABLE[(rng() * 65536) | 0]];
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A unique pronounceable code name for index i (bijective base-20 syllables, so no two indexes collide). */
function codeName(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    n -= 1;
    out = SYLLABLES[n % SYLLABLES.length] + out;
    n = Math.floor(n / SYLLABLES.length);
  }
  // No syllable starts with "y", so no code name is a prefix of another.
  return `zy${out}y`;
}

// ---- the site around the pages --------------------------------------------------------------------------

function spaceKey(s: number): string {
  return `SYN${s}`;
}

function syntheticUsers(): SeedUser[] {
  const users: SeedUser[] = [
    { accountId: 'synthetic-admin', email: 'admin@example.com', displayName: 'Ada Admin', apiToken: 'admin-token', siteAdmin: true, groups: ['confluence-users', 'engineering', 'leadership'] },
    { accountId: 'synthetic-member', email: 'member@example.com', displayName: 'Max Member', apiToken: 'member-token', groups: ['confluence-users', 'engineering'] },
  ];
  for (let u = 1; u <= 18; u++) {
    users.push({ accountId: `synthetic-author-${u}`, email: `author${u}@example.com`, displayName: `Author ${u}`, apiToken: `author${u}-token`, groups: ['confluence-users', 'engineering'] });
  }
  return users;
}

/** Everything but the pages: users, groups and spaces for a synthetic site. */
export function syntheticSkeleton(options: SyntheticOptions = {}): Omit<SiteSeed, 'pages'> {
  const seed = options.seed ?? DEFAULT_SEED;
  const spaceCount = Math.max(1, options.spaces ?? DEFAULT_SPACES);
  const types: SeedSpace['type'][] = ['global', 'collaboration', 'knowledge_base'];
  const spaces: SeedSpace[] = [];
  for (let s = 0; s < spaceCount; s++) {
    spaces.push({
      key: spaceKey(s),
      name: `Synthetic ${capital(TOPICS[mix(seed, s, 99) % TOPICS.length])} ${s}`,
      type: types[s % types.length],
      permissions: [
        { principal: { type: 'app' }, operations: ['read'] },
        { principal: { type: 'group', name: 'confluence-users' }, operations: ['read'] },
        { principal: { type: 'group', name: 'engineering' }, operations: ['read', 'write'] },
      ],
    });
  }
  return {
    site: { name: `Synthetic site (seed ${seed})`, timeZone: 'Australia/Sydney' },
    users: syntheticUsers(),
    groups: ['confluence-users', 'engineering', 'leadership'].map((name) => ({ name })),
    spaces,
  };
}

// ---- one page -------------------------------------------------------------------------------------------

interface PageContext {
  rng: Rng;
  /** Exactly three each: sentence() indexes them by arithmetic on one random draw. */
  topics: string[];
  services: string[];
  phrases: PhrasePool;
  /** Words written so far. */
  words: number;
}

/**
 * Word runs of 2 to 5 Zipf-drawn words, generated once per seed. Sentences are made of runs, which keeps the
 * word distribution while drawing one random number per run instead of per word: 100,000 pages is about
 * 60 million words, and per-word sampling alone took tens of seconds.
 */
const PHRASE_POOL_SIZE = 1 << 12;

interface PhrasePool {
  runs: string[];
  /** The same runs capitalised, to open sentences without slicing (slicing flattens the string being built). */
  openers: string[];
  wordCounts: Uint8Array;
}

const phrasePools = new Map<number, PhrasePool>();

function phrasePool(seed: number): PhrasePool {
  let pool = phrasePools.get(seed);
  if (!pool) {
    const rng = mulberry32(mix(seed, -1, 17));
    pool = { runs: [], openers: [], wordCounts: new Uint8Array(PHRASE_POOL_SIZE) };
    for (let k = 0; k < PHRASE_POOL_SIZE; k++) {
      const n = between(rng, 2, 5);
      let run = word(rng);
      for (let w = 1; w < n; w++) run += ` ${word(rng)}`;
      pool.runs.push(run);
      pool.openers.push(capital(run));
      pool.wordCounts[k] = n;
    }
    phrasePools.set(seed, pool);
  }
  return pool;
}

/** One sentence; adds its word count to `ctx.words`. */
function sentence(ctx: PageContext): string {
  const { rng, phrases } = ctx;
  const n = between(rng, 2, 5);
  let j = (rng() * PHRASE_POOL_SIZE) | 0;
  let text = phrases.openers[j];
  let words = phrases.wordCounts[j];
  for (let k = 1; k < n; k++) {
    const roll = rng();
    if (roll < 0.25) {
      text += ` ${ctx.topics[(roll * 12) | 0]}`;
      words++;
    } else if (roll < 0.3) {
      text += ` ${ctx.services[((roll - 0.25) * 60) | 0]}`;
      words++;
    }
    j = (rng() * PHRASE_POOL_SIZE) | 0;
    text += ` ${phrases.runs[j]}`;
    words += phrases.wordCounts[j];
  }
  ctx.words += words;
  return `${text}.`;
}

/**
 * A paragraph of generated prose. Generated words come from a vocabulary of [a-z0-9-] words (a test holds
 * that), so the text needs no escaping and skipping the escaper saves a scan of every body.
 */
function prose(ctx: PageContext, sentences: number): Markup {
  return new Markup(`<p>${paragraphText(ctx, sentences)}</p>`, true);
}

function paragraphText(ctx: PageContext, sentences: number): string {
  const out: string[] = [];
  for (let k = 0; k < sentences; k++) out.push(sentence(ctx));
  return out.join(' ');
}

function camel(ctx: PageContext): string {
  const { rng } = ctx;
  return `${pick(rng, ['get', 'list', 'update', 'sync', 'validate', 'build'])}${capital(pick(rng, ctx.topics))}By${capital(pick(rng, TOPICS))}`;
}

function codeBlock(ctx: PageContext): Markup {
  const { rng } = ctx;
  const svc = pick(rng, ctx.services);
  const topic = pick(rng, ctx.topics);
  switch (Math.floor(rng() * 4)) {
    case 0:
      return code('typescript', `export async function ${camel(ctx)}(id: string): Promise<${capital(topic)} | null> {\n  const res = await client.get<${capital(topic)}>(\`/api/v2/${topic}s/\${id}\`);\n  if (res.status === 404) return null;\n  return res.body; // ${word(rng)} ${word(rng)} ${word(rng)}\n}`);
    case 1:
      return code('bash', `kubectl -n ${topic} rollout restart deploy/${svc}\nkubectl -n ${topic} rollout status deploy/${svc} --timeout=${between(rng, 2, 15)}m`);
    case 2:
      return code('sql', `SELECT ${topic}_id, count(*) AS n\nFROM ${pick(rng, TOPICS)}_events\nWHERE created_at > now() - interval '${between(rng, 1, 30)} days'\nGROUP BY 1 HAVING count(*) > ${between(rng, 2, 500)};`);
    default:
      return code('yaml', `service: ${svc}\nreplicas: ${between(rng, 2, 24)}\n${topic}:\n  timeoutSeconds: ${between(rng, 1, 120)}\n  retries: ${between(rng, 0, 5)}`);
  }
}

function tableBlock(ctx: PageContext): Markup {
  const { rng } = ctx;
  const cols = between(rng, 2, 4);
  const head = Array.from({ length: cols }, () => capital(pick(rng, TOPICS)));
  const rows = Array.from({ length: between(rng, 2, 8) }, () =>
    Array.from({ length: cols }, (_, c) => (c === 0 ? pick(rng, ctx.services) : `${word(rng)} ${word(rng)} ${between(rng, 1, 999)}`)),
  );
  return table({ head, rows });
}

/** One h2 section: paragraphs, then now and then a code block, table, panel, list, expand or h3. */
function section(ctx: PageContext, until: number): Content[] {
  const { rng } = ctx;
  const blocks: Content[] = [h2(capital(`${pick(rng, ctx.topics)} ${word(rng)} ${pick(rng, TOPICS)}`))];
  const paragraphs = between(rng, 1, 4);
  for (let k = 0; k < paragraphs && ctx.words < until; k++) blocks.push(prose(ctx, between(rng, 2, 6)));
  const roll = rng();
  if (roll < 0.12) blocks.push(codeBlock(ctx));
  else if (roll < 0.22) blocks.push(tableBlock(ctx));
  else if (roll < 0.3) blocks.push(panel(pick<PanelKind>(rng, ['info', 'note', 'warning', 'tip']), [p(sentence(ctx))]));
  else if (roll < 0.45) {
    const items = Array.from({ length: between(rng, 2, 6) }, () => sentence(ctx));
    blocks.push(rng() < 0.5 ? ul(...items) : ol(...items));
  } else if (roll < 0.5) blocks.push(expand(capital(`${word(rng)} ${pick(rng, ctx.topics)} details`), p(paragraphText(ctx, 2))));
  if (rng() < 0.15) blocks.push(h3(capital(`${pick(rng, TOPICS)} ${word(rng)}`)), p(mono(camel(ctx)), ` ${paragraphText(ctx, 2)}`));
  return blocks;
}

/** Body length in words: mostly short, a long tail, a few near 3,000. */
function targetWords(rng: Rng): number {
  if (rng() < 0.01) return between(rng, 2500, 3000);
  return Math.round(Math.exp(Math.log(100) + (Math.log(3000) - Math.log(100)) * Math.pow(rng(), 2.2)));
}

function isPlanted(seed: number, i: number): boolean {
  return mix(seed, i, 3) % 50 === 0;
}

function isRestricted(seed: number, i: number): boolean {
  return mix(seed, i, 5) % 200 === 0;
}

const RESTRICTED_TO: Principal[] = [{ type: 'group', name: 'leadership' }, { type: 'app' }];

/** Page `i` of a synthetic site, computed from (seed, i) alone. */
export function syntheticPage(i: number, options: SyntheticOptions = {}): SeedPage {
  const seed = options.seed ?? DEFAULT_SEED;
  const spaces = Math.max(1, options.spaces ?? DEFAULT_SPACES);
  const rng = mulberry32(mix(seed, i));
  const s = i % spaces;
  const k = Math.floor(i / spaces);
  const ref = `syn-${i}`;

  let parentRef: string | undefined;
  if (k > 0 && rng() > 0.04) {
    const parentK = rng() < 0.3 ? k - 1 : Math.floor(rng() * k);
    parentRef = `syn-${parentK * spaces + s}`;
  }

  const topics = [pick(rng, TOPICS), pick(rng, TOPICS), pick(rng, TOPICS)];
  const services = [0, 1, 2].map(() => `${pick(rng, TOPICS)}-${pick(rng, SERVICE_SUFFIXES)}`);
  const ctx: PageContext = { rng, topics, services, phrases: phrasePool(seed), words: 0 };
  const kind = pick(rng, PAGE_KINDS);
  const title = `${kind}: ${capital(topics[0])} ${topics[1]} for ${services[0]} #${k}`;

  const planted = isPlanted(seed, i);
  const name = codeName(i);
  const budget = targetWords(rng);
  const body = withIdScope(ref, () => {
    const blocks: Content[] = [prose(ctx, 2)];
    if (planted) blocks.push(p(`The ${name} migration moves the ${topics[0]} ${topics[1]} of ${services[0]} onto the shared platform.`));
    while (ctx.words < budget) blocks.push(...section(ctx, budget));
    return doc(...blocks);
  });

  const createdAt = END - DAY - Math.floor(rng() * 730 * DAY);
  const updatedAt = Math.min(END - 60_000, createdAt + Math.floor(Math.pow(rng(), 3) * 365 * DAY));
  const statusRoll = rng();
  const status: SeedPage['status'] = statusRoll < 0.008 ? 'draft' : statusRoll < 0.016 ? 'trashed' : statusRoll < 0.02 ? 'archived' : undefined;

  const page: SeedPage = {
    ref,
    spaceKey: spaceKey(s),
    title,
    authorAccountId: `synthetic-author-${1 + (mix(seed, i, 11) % 18)}`,
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    versions: 1 + Math.floor(Math.pow(rng(), 4) * 30),
    labels: [kind.toLowerCase().replace(/\s+/g, '-'), topics[0]],
    body,
  };
  if (parentRef) page.parentRef = parentRef;
  if (status) page.status = status;
  if (planted) page.labels!.push(`${PLANT_LABEL}${name}`);
  if (isRestricted(seed, i)) page.restrictions = { read: [...RESTRICTED_TO] };
  return page;
}

/** Streams the pages of a synthetic site in index order (parents always come before their children). */
export function* syntheticPages(pageCount: number, options: SyntheticOptions = {}): Generator<SeedPage> {
  for (let i = 0; i < pageCount; i++) yield syntheticPage(i, options);
}

/** A whole synthetic site in memory. For 100,000 pages prefer `syntheticSkeleton` + `syntheticPages`. */
export function syntheticSite(pageCount: number, options: SyntheticOptions = {}): SiteSeed {
  return { ...syntheticSkeleton(options), pages: Array.from(syntheticPages(pageCount, options)) };
}

/**
 * Up to `n` benchmark queries with known answers: each names a planted project code name (unique to one
 * page) plus words of that page's title, and its relevant page is the one carrying the name. Only current,
 * unrestricted pages are used, so every identity that can read the space can find the answer.
 */
export function syntheticQueries(site: { pages: Iterable<SeedPage> }, n: number): SyntheticQuery[] {
  const out: SyntheticQuery[] = [];
  for (const page of site.pages) {
    if (out.length >= n) break;
    const label = page.labels?.find((l) => l.startsWith(PLANT_LABEL));
    if (!label || (page.status ?? 'current') !== 'current' || page.restrictions?.read) continue;
    const name = label.slice(PLANT_LABEL.length);
    const topic = page.labels?.[1] ?? '';
    out.push({ query: `${name} migration ${topic}`.trim(), relevantRefs: [page.ref] });
  }
  return out;
}
