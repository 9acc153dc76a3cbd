/**
 * The demo site `npm start` serves: "Acme Engineering", a fictional company's wiki with about seventy pages in
 * real storage format across six spaces of every type and state, users who sign in with known API tokens,
 * and restricted pages the plain member cannot read. `demoQuestions` are questions the Ask feature is demoed
 * with, each with the page that answers it.
 *
 * Sign-in: admin@example.com / admin-token (site admin), member@example.com / member-token (plain member),
 * jonas.berg@example.com / jonas-token (admin of the SRE space only, through the `sre` group; not a site admin).
 */
import type { Principal, SeedSpace, SiteSeed } from '../seed-types';
import { ACCOUNT, DEMO_USERS, GROUPS } from './people';
import { engArchitecturePages } from './spaces/eng-architecture';
import { engGuidePages } from './spaces/eng-guides';
import { kbPages } from './spaces/kb';
import { legacyPages, personalPages, PRIYA_SPACE, systemPages } from './spaces/other';
import { srePages } from './spaces/sre';

export { ACCOUNT, DEMO_USERS } from './people';
export { CQL_METACHAR_TITLE } from './spaces/kb';
export { PRIYA_SPACE } from './spaces/other';

const app: Principal = { type: 'app' };
const group = (name: string): Principal => ({ type: 'group', name });

function demoSpaces(): SeedSpace[] {
  return [
    {
      key: 'ENG',
      name: 'Engineering',
      type: 'global',
      description: 'Architecture, decision records, onboarding, API documentation and release notes.',
      permissions: [
        { principal: app, operations: ['read'] },
        { principal: group('confluence-users'), operations: ['read'] },
        { principal: group('engineering'), operations: ['read', 'write'] },
        { principal: group('site-admins'), operations: ['read', 'write', 'admin'] },
      ],
    },
    {
      key: 'SRE',
      name: 'Site Reliability',
      type: 'collaboration',
      description: 'Runbooks, postmortems, on-call and SLOs.',
      permissions: [
        { principal: app, operations: ['read'] },
        { principal: group('confluence-users'), operations: ['read'] },
        { principal: group('engineering'), operations: ['read', 'write'] },
        { principal: group('sre'), operations: ['read', 'write', 'admin'] },
      ],
    },
    {
      key: 'KB',
      name: 'Help Center',
      type: 'knowledge_base',
      description: 'How-to articles and FAQs for everyone at Acme.',
      permissions: [
        { principal: app, operations: ['read'] },
        { principal: group('confluence-users'), operations: ['read', 'write'] },
        { principal: group('site-admins'), operations: ['read', 'write', 'admin'] },
      ],
    },
    {
      key: PRIYA_SPACE,
      name: 'Priya Natarajan',
      type: 'personal',
      ownerAccountId: ACCOUNT.priya,
      permissions: [
        { principal: app, operations: ['read'] },
        { principal: { type: 'user', accountId: ACCOUNT.priya }, operations: ['read', 'write', 'admin'] },
        { principal: group('confluence-users'), operations: ['read'] },
      ],
    },
    {
      key: 'LEGACY',
      name: 'Legacy Monolith (archived)',
      type: 'global',
      status: 'archived',
      description: 'The pre-2025 monolith. Read-only history.',
      permissions: [
        { principal: app, operations: ['read'] },
        { principal: group('engineering'), operations: ['read'] },
        { principal: group('site-admins'), operations: ['read', 'write', 'admin'] },
      ],
    },
    {
      key: 'TEMPLATES',
      name: 'Site Templates',
      type: 'system',
      description: 'Templates managed by site admins.',
      permissions: [
        { principal: group('confluence-users'), operations: ['read'] },
        { principal: group('site-admins'), operations: ['read', 'write', 'admin'] },
      ],
    },
  ];
}

/** A fresh copy of the demo site on every call (callers may mutate it). */
export function demoSite(): SiteSeed {
  return {
    site: { name: 'Acme Engineering', timeZone: 'Australia/Sydney', cloudId: 'a1c3e5f7-acme-4d00-9e00-000000000001' },
    users: DEMO_USERS.map((u) => ({ ...u, groups: u.groups ? [...u.groups] : undefined })),
    groups: GROUPS.map((name) => ({ name })),
    spaces: demoSpaces(),
    pages: [...engArchitecturePages(), ...engGuidePages(), ...srePages(), ...kbPages(), ...personalPages(), ...legacyPages(), ...systemPages()],
  };
}

export interface DemoQuestion {
  question: string;
  /** The ref of the page that answers it. */
  answerPageRef: string;
  /** False when member@example.com may not read the answer: the right reply to the member is "I can't find that". */
  memberCanRead: boolean;
}

/** Questions a member might ask the Librarian on the demo site, with the page that answers each. */
export const demoQuestions: DemoQuestion[] = [
  { question: 'How do I get read-only access to production?', answerPageRef: 'kb-prod-access', memberCanRead: true },
  { question: 'What caused the auth-gateway login outage in November?', answerPageRef: 'sre-pm-2025-11-18', memberCanRead: true },
  { question: 'What does ERR_CONN_RESET mean when I call the public API?', answerPageRef: 'eng-api-errors', memberCanRead: true },
  { question: 'Which billing-service release fixed the duplicate invoice charges?', answerPageRef: 'eng-rn-billing-231', memberCanRead: true },
  { question: 'How do I reindex a space in search without changing anything first?', answerPageRef: 'sre-rb-search-lag', memberCanRead: true },
  { question: 'What is our availability objective for logins?', answerPageRef: 'sre-slo', memberCanRead: true },
  { question: 'How long is an auth-gateway access token valid?', answerPageRef: 'eng-arch-auth', memberCanRead: true },
  { question: 'Why did we standardise on PostgreSQL?', answerPageRef: 'eng-adr-001', memberCanRead: true },
  { question: 'How do I page through all results of /api/v2/pages?', answerPageRef: 'eng-api-pages', memberCanRead: true },
  { question: 'How do I look up a user with the SDK?', answerPageRef: 'eng-api-sdk', memberCanRead: true },
  { question: 'When is the weekly on-call handover?', answerPageRef: 'sre-oncall', memberCanRead: true },
  { question: 'What is the rate limit of the public API?', answerPageRef: 'kb-429', memberCanRead: true },
  { question: 'How do I run the whole stack on my laptop?', answerPageRef: 'eng-onb-docker', memberCanRead: true },
  { question: 'What time does the nightly invoice run start?', answerPageRef: 'eng-arch-billing', memberCanRead: true },
  { question: 'How do I rotate leaked database credentials?', answerPageRef: 'sre-rb-rotate-creds', memberCanRead: true },
  { question: 'Which Kafka topic does search-indexer consume?', answerPageRef: 'eng-arch-search', memberCanRead: true },
  { question: 'Who do I call first in a security incident?', answerPageRef: 'eng-sec-contacts', memberCanRead: false },
  { question: 'How many engineers will the Search team have at the end of FY26?', answerPageRef: 'eng-headcount', memberCanRead: false },
];
