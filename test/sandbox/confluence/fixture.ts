/**
 * A tiny site for the simulator's own tests, independent of the demo content. Site time zone is far from UTC
 * (Pacific/Auckland) so time-zone mistakes show.
 */
import type { SiteSeed } from '../../../sandbox/confluence/seed-types';

export const ADMIN = { accountId: '557058:admin', email: 'admin@example.com', apiToken: 'admin-token' };
export const MEMBER = { accountId: '557058:member', email: 'member@example.com', apiToken: 'member-token' };
export const OUTSIDER = { accountId: '557058:outsider', email: 'outsider@example.com', apiToken: 'outsider-token' };

export function fixtureSeed(): SiteSeed {
  return {
    site: { name: 'Fixture site', timeZone: 'Pacific/Auckland', cloudId: 'fixture-cloud-id' },
    users: [
      { ...ADMIN, displayName: 'Ada Admin', siteAdmin: true, groups: ['confluence-admins', 'engineering'] },
      { ...MEMBER, displayName: 'Max Member', groups: ['engineering'] },
      { ...OUTSIDER, displayName: 'Olga Outsider', groups: [] },
    ],
    groups: [{ name: 'confluence-admins' }, { name: 'engineering' }],
    spaces: [
      {
        key: 'ENG',
        name: 'Engineering',
        type: 'global',
        permissions: [
          { principal: { type: 'group', name: 'engineering' }, operations: ['read', 'write'] },
          { principal: { type: 'app' }, operations: ['read', 'write'] },
        ],
      },
      {
        key: 'KB',
        name: 'Knowledge base',
        type: 'knowledge_base',
        permissions: [
          { principal: { type: 'group', name: 'engineering' }, operations: ['read'] },
          { principal: { type: 'user', accountId: ADMIN.accountId }, operations: ['read', 'write', 'admin'] },
        ],
      },
      { key: '~member', name: 'Max Member', type: 'personal', ownerAccountId: MEMBER.accountId, permissions: [] },
      {
        key: 'OLD',
        name: 'Old projects',
        type: 'collaboration',
        status: 'archived',
        permissions: [
          { principal: { type: 'group', name: 'engineering' }, operations: ['read'] },
          { principal: { type: 'app' }, operations: ['read'] },
        ],
      },
    ],
    pages: [
      { ref: 'home', spaceKey: 'ENG', title: 'Engineering home', authorAccountId: ADMIN.accountId, createdAt: '2026-01-05T01:00:00Z', body: '<p>Welcome to engineering.</p>' },
      {
        ref: 'arch',
        spaceKey: 'ENG',
        parentRef: 'home',
        title: 'Architecture overview',
        authorAccountId: ADMIN.accountId,
        createdAt: '2026-01-06T01:00:00Z',
        updatedAt: '2026-02-01T01:00:00Z',
        versions: 3,
        labels: ['architecture', 'decision'],
        body: '<h1>Services</h1><p>The ingestion service feeds the index.</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[kubectl rollout restart deploy/ingest]]></ac:plain-text-body></ac:structured-macro>',
      },
      { ref: 'runbook', spaceKey: 'ENG', parentRef: 'arch', title: 'Ingest runbook', authorAccountId: MEMBER.accountId, createdAt: '2026-01-07T01:00:00Z', body: '<p>Restart the ingest pods when the queue stalls.</p>' },
      {
        ref: 'secret',
        spaceKey: 'ENG',
        parentRef: 'home',
        title: 'Security incident 42',
        authorAccountId: ADMIN.accountId,
        createdAt: '2026-01-08T01:00:00Z',
        body: '<p>Rotated credentials after the incident.</p>',
        restrictions: { read: [{ type: 'user', accountId: ADMIN.accountId }, { type: 'app' }] },
      },
      { ref: 'under-secret', spaceKey: 'ENG', parentRef: 'secret', title: 'Incident timeline', authorAccountId: ADMIN.accountId, createdAt: '2026-01-09T01:00:00Z', body: '<p>Timeline of the incident.</p>' },
      { ref: 'draft', spaceKey: 'ENG', parentRef: 'home', title: 'Draft ideas', status: 'draft', authorAccountId: MEMBER.accountId, createdAt: '2026-01-10T01:00:00Z', body: '<p>Half-baked.</p>' },
      { ref: 'trashed', spaceKey: 'ENG', title: 'Old trashed page', status: 'trashed', authorAccountId: ADMIN.accountId, createdAt: '2026-01-11T01:00:00Z', body: '<p>Nobody needs this ingest note.</p>' },
      { ref: 'archived', spaceKey: 'ENG', title: 'Archived design', status: 'archived', authorAccountId: ADMIN.accountId, createdAt: '2026-01-12T01:00:00Z', body: '<p>Superseded ingest design.</p>' },
      {
        ref: 'locked',
        spaceKey: 'ENG',
        parentRef: 'home',
        title: 'Edit-locked policy',
        authorAccountId: ADMIN.accountId,
        createdAt: '2026-01-13T01:00:00Z',
        body: '<p>Only admins edit this.</p>',
        restrictions: { update: [{ type: 'user', accountId: ADMIN.accountId }] },
      },
      { ref: 'kb1', spaceKey: 'KB', title: 'How to request access', authorAccountId: ADMIN.accountId, createdAt: '2026-01-14T01:00:00Z', body: '<p>File a ticket for access.</p>' },
      { ref: 'mine', spaceKey: '~member', title: 'My notes', authorAccountId: MEMBER.accountId, createdAt: '2026-01-15T01:00:00Z', body: '<p>Personal ingest notes.</p>' },
      { ref: 'legacy', spaceKey: 'OLD', title: 'Legacy system', authorAccountId: ADMIN.accountId, createdAt: '2026-01-16T01:00:00Z', body: '<p>The legacy ingest system.</p>' },
    ],
  };
}
