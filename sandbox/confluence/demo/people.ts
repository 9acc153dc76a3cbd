/**
 * The demo site's people and groups. Account ids have Cloud's shape (`712020:` + a UUID) so code that
 * treats them as opaque strings is exercised the way a real site would exercise it.
 */
import type { SeedUser } from '../seed-types';

export const GROUPS = ['confluence-users', 'engineering', 'sre', 'security', 'leadership', 'site-admins'] as const;
export type DemoGroup = (typeof GROUPS)[number];

/** Account ids by handle, for mentions, authorship and restrictions in the page files. */
export const ACCOUNT = {
  ada: '712020:0a1d7c3e-5b2f-4d11-9a6e-ad0000000001',
  max: '712020:4d3c2b1a-7e6f-4a5b-8c9d-e00000000002',
  priya: '712020:9b8a7c6d-1e2f-4a3b-9c4d-5e0000000003',
  tomas: '712020:2c3d4e5f-6a7b-4c8d-9e0f-1a0000000004',
  mei: '712020:7f6e5d4c-3b2a-4190-8f7e-6d0000000005',
  kwame: '712020:1a2b3c4d-5e6f-4071-8293-a40000000006',
  sofia: '712020:5e4d3c2b-1a09-4f8e-9d7c-6b0000000007',
  jonas: '712020:8c7b6a59-4837-4261-9504-f30000000008',
} as const;

export type Handle = keyof typeof ACCOUNT;

export const DEMO_USERS: SeedUser[] = [
  {
    accountId: ACCOUNT.ada,
    email: 'admin@example.com',
    displayName: 'Ada Admin',
    apiToken: 'admin-token',
    siteAdmin: true,
    groups: ['confluence-users', 'site-admins', 'engineering', 'leadership'],
  },
  {
    accountId: ACCOUNT.max,
    email: 'member@example.com',
    displayName: 'Max Member',
    apiToken: 'member-token',
    groups: ['confluence-users', 'engineering'],
  },
  {
    accountId: ACCOUNT.priya,
    email: 'priya.natarajan@example.com',
    displayName: 'Priya Natarajan',
    apiToken: 'priya-token',
    groups: ['confluence-users', 'engineering', 'sre'],
  },
  {
    accountId: ACCOUNT.tomas,
    email: 'tomas.ortega@example.com',
    displayName: 'Tomás Ortega',
    apiToken: 'tomas-token',
    groups: ['confluence-users', 'engineering'],
  },
  {
    accountId: ACCOUNT.mei,
    email: 'mei.chen@example.com',
    displayName: 'Mei Chen',
    apiToken: 'mei-token',
    groups: ['confluence-users', 'engineering', 'security'],
  },
  {
    accountId: ACCOUNT.kwame,
    email: 'kwame.mensah@example.com',
    displayName: 'Kwame Mensah',
    apiToken: 'kwame-token',
    groups: ['confluence-users', 'engineering'],
  },
  {
    accountId: ACCOUNT.sofia,
    email: 'sofia.rossi@example.com',
    displayName: 'Sofia Rossi',
    apiToken: 'sofia-token',
    groups: ['confluence-users', 'engineering', 'leadership'],
  },
  {
    accountId: ACCOUNT.jonas,
    email: 'jonas.berg@example.com',
    displayName: 'Jonas Berg',
    apiToken: 'jonas-token',
    groups: ['confluence-users', 'engineering', 'sre'],
  },
];
