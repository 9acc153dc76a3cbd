/** The smaller spaces: Priya's personal space, the archived LEGACY space and a system space. */
import type { SeedPage } from '../../seed-types';
import { page, personalSpaceKey } from '../define';
import { ACCOUNT } from '../people';
import { code, commented, doc, emoji, h2, mention, mono, ol, p, pageLink, panel, quote, status, table, ul } from '../storage';

export const PRIYA_SPACE = personalSpaceKey(ACCOUNT.priya);

export function personalPages(): SeedPage[] {
  return [
    page({
      ref: 'priya-home',
      spaceKey: PRIYA_SPACE,
      title: 'Priya Natarajan',
      author: 'priya',
      createdAt: '2025-08-06T06:00:00.000Z',
      updatedAt: '2025-12-20T06:00:00.000Z',
      versions: 2,
      body: () => doc(p('SRE lead at Acme, based in Sydney. Notes here are drafts in progress; the real thing goes to the SRE space. ', emoji(':wave:', '1f44b', '👋'))),
    }),
    page({
      ref: 'priya-slo-notes',
      spaceKey: PRIYA_SPACE,
      parentRef: 'priya-home',
      title: 'Notes: SLO review prep (February)',
      author: 'priya',
      createdAt: '2026-02-09T21:00:00.000Z',
      updatedAt: '2026-02-26T22:15:00.000Z',
      versions: 4,
      labels: ['slo', 'notes'],
      body: () =>
        doc(
          ul(
            'Login SLO: budget spent in November (PgBouncer), healthy since.',
            ['Search freshness: ', commented('5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', 'propose tightening to 30 s'), ' now that the partition fix is in.'],
            'Invoice run: the "27 of 28 days" objective is hard to explain; switch to an hourly SLI?',
          ),
          p('Talk to ', mention(ACCOUNT.jonas), ' before the review on Thursday.'),
        ),
    }),
    page({
      ref: 'priya-reading',
      spaceKey: PRIYA_SPACE,
      parentRef: 'priya-home',
      title: 'Reading list 📚',
      author: 'priya',
      createdAt: '2025-09-14T08:00:00.000Z',
      updatedAt: '2026-01-04T09:00:00.000Z',
      versions: 3,
      body: () =>
        doc(
          p('Things worth reading about reliability. ⭐ = recommend to the team.'),
          ul('⭐ A book on SLO-based alerting (chapter on burn rates)', 'Connection pooling pitfalls with transaction-mode poolers', '时区与夏令时 (time zones and DST): notes from the Tokyo team', 'מדריך קצר לניטור (a short monitoring guide, Hebrew edition)'),
        ),
    }),
    page({
      ref: 'priya-blog-draft',
      spaceKey: PRIYA_SPACE,
      parentRef: 'priya-home',
      title: 'Draft: What DST taught us about cron',
      author: 'priya',
      status: 'draft',
      createdAt: '2026-02-01T10:00:00.000Z',
      updatedAt: '2026-02-14T11:00:00.000Z',
      body: () => doc(p('Working title. The 02:00 job that never ran on 5 October, and why every schedule at Acme is now written in UTC.'), quote(p('Local time is for humans. Machines get UTC.'))),
    }),
  ];
}

export function legacyPages(): SeedPage[] {
  return [
    page({
      ref: 'legacy-home',
      spaceKey: 'LEGACY',
      title: 'Legacy Monolith',
      author: 'sofia',
      createdAt: '2023-02-01T00:00:00.000Z',
      updatedAt: '2025-06-30T00:00:00.000Z',
      versions: 12,
      body: () =>
        doc(
          panel('note', [p('Archived. The monolith was switched off on 30 June 2025; everything it did now lives in the services described in ', pageLink('System Architecture Overview', 'ENG'), '.')]),
          p('Kept for history and for auditors.'),
        ),
    }),
    page({
      ref: 'legacy-deploy',
      spaceKey: 'LEGACY',
      parentRef: 'legacy-home',
      title: 'Monolith Deployment Guide',
      author: 'tomas',
      createdAt: '2023-02-10T00:00:00.000Z',
      updatedAt: '2024-08-01T00:00:00.000Z',
      versions: 7,
      labels: ['deployment', 'legacy'],
      body: () =>
        doc(
          p(status('Grey', 'OBSOLETE'), ' Deployments went out with Capistrano from the bastion host.'),
          code('ruby', 'cap production deploy BRANCH=release-2024-08'),
          ol('Announce in #deploys.', 'Run the command above.', 'Watch error rates for 15 minutes; roll back with cap production deploy:rollback.'),
        ),
    }),
    page({
      ref: 'legacy-decom',
      spaceKey: 'LEGACY',
      parentRef: 'legacy-home',
      title: 'Monolith Decommission Plan',
      author: 'sofia',
      createdAt: '2024-11-01T00:00:00.000Z',
      updatedAt: '2025-06-30T00:00:00.000Z',
      versions: 9,
      body: () =>
        doc(
          table({
            head: ['Capability', 'Moved to', 'Done'],
            rows: [
              ['Login and sessions', 'auth-gateway', status('Green', 'DONE')],
              ['Invoices', 'billing-service', status('Green', 'DONE')],
              ['Search', 'search-indexer + OpenSearch', status('Green', 'DONE')],
              ['Email', 'notification-service', status('Green', 'DONE')],
            ],
          }),
          h2('Switch-off'),
          p('Read-only from 1 June 2025, switched off 30 June 2025. The database snapshot ', mono('monolith-final-2025-06-30'), ' is kept for 7 years.'),
        ),
    }),
  ];
}

export function systemPages(): SeedPage[] {
  return [
    page({
      ref: 'sys-templates',
      spaceKey: 'TEMPLATES',
      title: 'Page Templates',
      author: 'ada',
      createdAt: '2025-08-01T00:00:00.000Z',
      body: () => doc(p('Shared page templates (decision record, postmortem, runbook). Managed by site admins.')),
    }),
  ];
}
