/** SRE space (collaboration): runbooks, postmortems, the on-call handbook and SLOs. */
import type { SeedPage } from '../../seed-types';
import { page } from '../define';
import { ACCOUNT } from '../people';
import {
  children, code, commented, date, doc, em, excerpt, excerptInclude, expand, h2, h3, mention, mono, ol, p, pageLink,
  panel, status, strong, table, tasks, ul,
} from '../storage';

export function srePages(): SeedPage[] {
  return [
    page({
      ref: 'sre-home',
      spaceKey: 'SRE',
      title: 'SRE Home',
      author: 'priya',
      createdAt: '2025-08-06T00:00:00.000Z',
      updatedAt: '2026-02-12T02:00:00.000Z',
      versions: 6,
      body: () =>
        doc(
          p('The Site Reliability team keeps Acme Workspace up. On-call questions: #sre. Emergencies: page the SRE on-call.'),
          ul(pageLink('On-call Handbook'), pageLink('Runbooks'), pageLink('Incident Postmortems'), pageLink('Service Level Objectives')),
          excerptInclude('Service Level Objectives'),
        ),
    }),

    page({
      ref: 'sre-oncall',
      spaceKey: 'SRE',
      parentRef: 'sre-home',
      title: 'On-call Handbook',
      author: 'priya',
      createdAt: '2025-08-06T01:00:00.000Z',
      updatedAt: '2026-01-19T22:30:00.000Z',
      versions: 10,
      labels: ['on-call', 'incident-response'],
      body: () =>
        doc(
          h2('Rotation'),
          p('Each team runs a weekly rotation with a primary and a secondary. ', strong('Handover is every Monday at 10:00 Sydney time'), ' in the #oncall-handover channel: the outgoing primary posts open incidents, silenced alerts and anything odd.'),
          h2('When you are paged'),
          ol(
            'Acknowledge within 5 minutes (15 minutes for the secondary).',
            'Open the alert\'s runbook; every alert links one.',
            'If customers are affected, declare an incident in #incidents with /incident declare and pick a severity.',
            'For SEV1 and SEV2, an incident commander (IC) is assigned; the IC runs communication, you fix.',
          ),
          h2('Severities'),
          table({
            head: ['Severity', 'Definition', 'Status page', 'Postmortem'],
            rows: [
              ['SEV1', 'Customer-facing outage or data loss', 'Within 15 minutes', 'Required, within 5 business days'],
              ['SEV2', 'Major feature degraded for many customers', 'Within 30 minutes', 'Required'],
              ['SEV3', 'Minor degradation, workaround exists', 'Optional', 'Optional'],
            ],
          }),
          h2('Pay and time off'),
          p('On-call allowance is paid per week; after a night with more than one page you may start late the next day without asking. ', em('Nobody should be on-call more than one week in four.')),
          p('Schedule for this quarter: ', pageLink('On-call Rotation Q1 2026'), '.'),
        ),
    }),

    page({
      ref: 'sre-oncall-q1',
      spaceKey: 'SRE',
      parentRef: 'sre-oncall',
      title: 'On-call Rotation Q1 2026',
      author: 'jonas',
      createdAt: '2025-12-15T03:00:00.000Z',
      updatedAt: '2026-02-23T23:00:00.000Z',
      versions: 5,
      labels: ['on-call', 'schedule'],
      body: () =>
        doc(
          p('Weeks start Monday 10:00 Australia/Sydney (AEDT, UTC+11 until 5 April).'),
          table({
            head: ['Week of', 'Primary', 'Secondary'],
            rows: [
              [date('2026-02-02'), mention(ACCOUNT.priya), mention(ACCOUNT.jonas)],
              [date('2026-02-09'), mention(ACCOUNT.jonas), mention(ACCOUNT.tomas)],
              [date('2026-02-16'), mention(ACCOUNT.tomas), mention(ACCOUNT.kwame)],
              [date('2026-02-23'), mention(ACCOUNT.kwame), mention(ACCOUNT.priya)],
              [date('2026-03-02'), mention(ACCOUNT.priya), mention(ACCOUNT.max)],
            ],
          }),
          panel('note', [p('Swapping a week: agree with the other person, then edit this table and tell #sre.')]),
        ),
    }),

    page({
      ref: 'sre-slo',
      spaceKey: 'SRE',
      parentRef: 'sre-home',
      title: 'Service Level Objectives',
      author: 'priya',
      createdAt: '2025-08-28T02:00:00.000Z',
      updatedAt: '2026-01-06T01:00:00.000Z',
      versions: 4,
      labels: ['slo', 'reliability'],
      body: () =>
        doc(
          excerpt(p('Our SLOs, measured over rolling 28 days: login availability 99.95%, public API availability 99.9%, search freshness 99% within 60 seconds, invoice run done by 06:00 Sydney time.')),
          table({
            withLocalId: true,
            head: ['Service', 'SLI', 'Objective', 'Error budget (28 days)'],
            rows: [
              ['auth-gateway', 'Successful logins / all logins', '99.95%', '20 minutes'],
              ['auth-gateway', 'p99 token verification latency', '< 300 ms', '-'],
              ['api-gateway', 'Non-5xx responses / all responses', '99.9%', '40 minutes'],
              ['search-indexer', 'Edits searchable within 60 s', '99%', '-'],
              ['billing-service', 'Invoice run finished by 06:00 Australia/Sydney', '27 of 28 days', '1 late run'],
            ],
          }),
          p('When an error budget is spent, the owning team freezes feature releases until the service is back within its objective.'),
        ),
    }),

    page({
      ref: 'sre-rb',
      spaceKey: 'SRE',
      parentRef: 'sre-home',
      title: 'Runbooks',
      author: 'priya',
      createdAt: '2025-08-06T02:00:00.000Z',
      updatedAt: '2025-12-04T02:00:00.000Z',
      versions: 3,
      body: () => doc(p('One runbook per alert. A runbook is a checklist a tired person can follow at 3 a.m.: concrete commands, expected output, when to escalate.'), children()),
    }),

    page({
      ref: 'sre-rb-auth-latency',
      spaceKey: 'SRE',
      parentRef: 'sre-rb',
      title: 'Runbook: auth-gateway high latency',
      author: 'priya',
      createdAt: '2025-08-30T04:00:00.000Z',
      updatedAt: '2025-11-24T05:00:00.000Z',
      versions: 5,
      labels: ['runbook', 'auth-gateway'],
      body: () =>
        doc(
          p('Alert: ', mono('AuthGatewayLatencyHigh'), ' fires when p99 token verification is above 300 ms for 10 minutes.'),
          h2('Check'),
          ol(
            ['Dashboard "auth-gateway / overview": is the latency in verification or in login? Verification should never touch the database.'],
            ['Database connections: ', mono('kubectl -n identity exec deploy/auth-gateway -- curl -s localhost:9090/metrics | grep auth_db_conn')],
            ['Recent deploys: ', mono('argocd app history auth-gateway-prod | head')],
          ),
          h2('Fix'),
          table({
            head: ['Symptom', 'Likely cause', 'Action'],
            rows: [
              ['auth_db_conn_resets_total rising', 'PgBouncer recycling connections', 'Restart PgBouncer pods one at a time; see the November postmortem'],
              ['CPU above 80%', 'Traffic spike or bot', 'Scale to 12 replicas: kubectl -n identity scale deploy/auth-gateway --replicas=12'],
              ['Only after a deploy', 'Regression', 'Roll back: argocd app rollback auth-gateway-prod'],
            ],
          }),
          p('Escalate to ', mention(ACCOUNT.tomas), ' (Identity) if not resolved in 30 minutes.'),
        ),
    }),

    page({
      ref: 'sre-rb-invoice',
      spaceKey: 'SRE',
      parentRef: 'sre-rb',
      title: 'Runbook: billing-service invoice run failed',
      author: 'kwame',
      createdAt: '2025-10-09T01:00:00.000Z',
      updatedAt: '2026-01-15T02:00:00.000Z',
      versions: 4,
      labels: ['runbook', 'billing-service'],
      body: () =>
        doc(
          p('Alert: ', mono('InvoiceRunNotFinished'), ' fires if the run started at 15:00 UTC has not finished by 19:00 UTC (06:00 in Sydney during daylight saving).'),
          h2('Check'),
          code('bash', 'kubectl -n payments get jobs -l app=invoice-run --sort-by=.metadata.creationTimestamp | tail -3\nkubectl -n payments logs job/invoice-run-$(date -u +%Y%m%d) | tail -50'),
          h2('Rerun'),
          p('Rerunning is safe: invoices and charges use idempotency keys (account id + billing date), so accounts already invoiced are skipped. Always look at the plan first:'),
          code('bash', 'acme-cli billing invoice-run --date 2026-01-09 --dry-run\nacme-cli billing invoice-run --date 2026-01-09'),
          panel('warning', [p('Never rerun with ', mono('--force-new-keys'), '. It exists for disaster recovery only and will charge customers again.')]),
          p('Escalate to ', mention(ACCOUNT.kwame), ' if charges failed for more than 1% of accounts.'),
        ),
    }),

    page({
      ref: 'sre-rb-search-lag',
      spaceKey: 'SRE',
      parentRef: 'sre-rb',
      title: 'Runbook: search-indexer consumer lag',
      author: 'jonas',
      createdAt: '2025-09-10T03:00:00.000Z',
      updatedAt: '2025-12-08T04:00:00.000Z',
      versions: 6,
      labels: ['runbook', 'search-indexer', 'kafka'],
      body: () =>
        doc(
          p('Alert: ', mono('SearchIndexerLagHigh'), ': consumer group ', mono('search-indexer-v7'), ' is more than 50,000 messages behind on ', mono('workspace.page-events'), ' for 10 minutes.'),
          h2('1. Look at the lag'),
          code('bash', 'kafka-consumer-groups --bootstrap-server $KAFKA --describe --group search-indexer-v7'),
          p('Lag on every partition means the indexer is slow (go to step 2). Lag on a few partitions only means those consumers are stuck (go to step 3).'),
          h2('2. Indexer slow'),
          ul('Check OpenSearch health: GET _cluster/health must be green.', 'Scale the indexer: kubectl -n search scale deploy/search-indexer --replicas=12 (never more than the 48 partitions).'),
          h2('3. Stuck partitions'),
          p('Restart the pods owning the stuck partitions. If a poison message is blocking a partition, the logs show the same offset failing; skip it with the tool below and file a bug.'),
          h2('4. Reindex after a long outage'),
          p('If the lag exceeded the topic\'s 7-day retention, events are lost: reindex the affected spaces. ', strong('Always start with --dry-run'), '; it reports what would change without writing.'),
          code('bash', 'acme-search reindex --space ENG --index pages-v7 --dry-run\n# check the counts, then\nacme-search reindex --space ENG --index pages-v7 --concurrency 4'),
          expand('Skipping a poison message', code('bash', 'acme-search skip-offset --group search-indexer-v7 --topic workspace.page-events --partition 17 --offset 88123401')),
        ),
    }),

    page({
      ref: 'sre-rb-rotate-creds',
      spaceKey: 'SRE',
      parentRef: 'sre-rb',
      title: 'Runbook: Rotating database credentials',
      author: 'mei',
      createdAt: '2025-09-18T05:00:00.000Z',
      updatedAt: '2026-02-05T03:00:00.000Z',
      versions: 4,
      labels: ['runbook', 'security', 'postgres', 'vault'],
      body: () =>
        doc(
          p('Services get dynamic Postgres credentials from Vault with a 24-hour lease, so routine rotation is automatic. This runbook is for an emergency: a credential leaked, or the root credential must change.'),
          h2('Service credentials (leaked lease)'),
          ol(
            ['Revoke every lease for the role: ', mono('vault lease revoke -prefix database/creds/billing-service-prod')],
            ['Restart the service so it requests new credentials: ', mono('kubectl -n payments rollout restart deploy/billing-service')],
            'Check for errors in the service logs for 10 minutes.',
          ),
          h2('Root credential (Vault\'s own login to RDS)'),
          code('bash', 'vault write -f database/rotate-root/billingdb'),
          panel('note', [p('After rotate-root only Vault knows the password. That is the point; do not try to read it.')]),
          p('Tell ', mention(ACCOUNT.mei), ' about any emergency rotation: it may be a security incident.'),
        ),
    }),

    page({
      ref: 'sre-rb-pg-failover',
      spaceKey: 'SRE',
      parentRef: 'sre-rb',
      title: 'Runbook: Postgres failover',
      author: 'priya',
      createdAt: '2025-09-25T00:00:00.000Z',
      updatedAt: '2025-09-25T00:00:00.000Z',
      labels: ['runbook', 'postgres'],
      body: () =>
        doc(
          p('RDS Multi-AZ fails over on its own in 60 to 120 seconds. Act only if it has not recovered after 5 minutes.'),
          ol(
            ['Confirm: ', mono('aws rds describe-events --source-identifier billingdb-prod --duration 30')],
            ['Force a failover: ', mono('aws rds reboot-db-instance --db-instance-identifier billingdb-prod --force-failover')],
            'Restart PgBouncer pods so they drop connections to the old primary.',
          ),
          h3('Cross-region'),
          p('Promoting the us-east-1 replica is a disaster-recovery decision for the incident commander, not for a single on-call engineer.'),
        ),
    }),

    page({
      ref: 'sre-pm',
      spaceKey: 'SRE',
      parentRef: 'sre-home',
      title: 'Incident Postmortems',
      author: 'priya',
      createdAt: '2025-08-06T03:00:00.000Z',
      updatedAt: '2026-01-16T00:00:00.000Z',
      versions: 4,
      body: () =>
        doc(
          p('Blameless postmortems for SEV1 and SEV2 incidents. Describe systems and decisions, not people.'),
          table({
            head: ['Date', 'Incident', 'Severity'],
            rows: [
              [date('2025-10-05'), pageLink('Postmortem: 2025-10-05 missed invoice run'), status('Yellow', 'SEV2')],
              [date('2025-11-18'), pageLink('Postmortem: 2025-11-18 auth-gateway login outage'), status('Red', 'SEV1')],
              [date('2025-12-03'), pageLink('Postmortem: 2025-12-03 stale search results'), status('Yellow', 'SEV2')],
              [date('2026-01-09'), pageLink('Postmortem: 2026-01-09 duplicate invoice charges'), status('Red', 'SEV1')],
            ],
          }),
        ),
    }),

    page({
      ref: 'sre-pm-2025-10-05',
      spaceKey: 'SRE',
      parentRef: 'sre-pm',
      title: 'Postmortem: 2025-10-05 missed invoice run',
      author: 'kwame',
      createdAt: '2025-10-06T23:00:00.000Z',
      updatedAt: '2025-10-09T02:00:00.000Z',
      versions: 3,
      labels: ['postmortem', 'billing-service', 'dst'],
      body: () =>
        doc(
          p(status('Yellow', 'SEV2'), ' Author: ', mention(ACCOUNT.kwame), '.'),
          h2('Summary'),
          p('On Sunday 5 October 2025 daylight saving started in Sydney: clocks jumped from 02:00 to 03:00. The invoice run was scheduled with cron ', mono('0 2 * * *'), ' in the Australia/Sydney time zone, so it never started. 4,180 accounts were invoiced a day late.'),
          h2('Timeline (UTC)'),
          table({
            head: ['Time', 'Event'],
            rows: [
              ['2025-10-04 15:00', 'Local clocks skip 02:00 to 03:00; no job is created.'],
              ['2025-10-04 19:00', 'InvoiceRunNotFinished does not fire: it watched for a running job, and there was none.'],
              ['2025-10-05 22:40', 'Finance notices no invoices in the daily export.'],
              ['2025-10-05 23:10', 'Manual run started; finished 23:52.'],
            ],
          }),
          h2('Actions'),
          tasks(
            { done: true, body: 'Schedule the run in UTC (15:00 UTC). Shipped in billing-service v2.3.0.' },
            { done: true, body: 'Alert on a missing run, not only on a failing one.' },
            { done: true, body: 'Make reruns idempotent per account and billing date.' },
          ),
        ),
    }),

    page({
      ref: 'sre-pm-2025-11-18',
      spaceKey: 'SRE',
      parentRef: 'sre-pm',
      title: 'Postmortem: 2025-11-18 auth-gateway login outage',
      author: 'priya',
      createdAt: '2025-11-19T04:00:00.000Z',
      updatedAt: '2025-11-26T06:00:00.000Z',
      versions: 6,
      labels: ['postmortem', 'auth-gateway', 'pgbouncer'],
      body: () =>
        doc(
          p(status('Red', 'SEV1'), ' IC: ', mention(ACCOUNT.priya), '. Fix owner: ', mention(ACCOUNT.tomas), '.'),
          excerpt(p('For 47 minutes on 18 November 2025 about 60% of logins failed. auth-gateway kept using database connections that PgBouncer had already closed; clients saw ERR_CONN_RESET and HTTP 502.')),
          h2('What happened'),
          p(
            'PgBouncer was upgraded that morning, and the new configuration set ',
            mono('server_idle_timeout = 60'),
            ' seconds. auth-gateway\'s connection pool kept idle connections for 10 minutes and did not validate them before use, so the first query on a recycled connection failed with "connection reset by peer". ',
            commented('0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b', 'The retry logic retried on the same dead connection.'),
          ),
          h2('Impact'),
          ul('Login success fell to about 40% between 02:13 and 03:00 UTC.', 'Public API calls with valid tokens were unaffected (verification does not use the database).', 'The 28-day login error budget (20 minutes) was spent.'),
          h2('Actions'),
          table({
            head: ['Action', 'Owner', 'State'],
            rows: [
              ['Validate connections before use and recycle after 5 min idle (auth-gateway v4.2.0)', mention(ACCOUNT.tomas), status('Green', 'DONE')],
              ['Alert on auth_db_conn_resets_total', mention(ACCOUNT.priya), status('Green', 'DONE')],
              ['PgBouncer config changes need an Identity reviewer', mention(ACCOUNT.priya), status('Green', 'DONE')],
              ['Chaos test: kill PgBouncer connections in staging weekly', mention(ACCOUNT.jonas), status('Blue', 'IN PROGRESS')],
            ],
          }),
        ),
    }),

    page({
      ref: 'sre-pm-2025-12-03',
      spaceKey: 'SRE',
      parentRef: 'sre-pm',
      title: 'Postmortem: 2025-12-03 stale search results',
      author: 'jonas',
      createdAt: '2025-12-04T05:00:00.000Z',
      updatedAt: '2025-12-08T01:00:00.000Z',
      versions: 3,
      labels: ['postmortem', 'search-indexer', 'kafka'],
      body: () =>
        doc(
          p(status('Yellow', 'SEV2'), ' Author: ', mention(ACCOUNT.jonas), '.'),
          h2('Summary'),
          p('For about six hours, edits did not show up in search. The partition count of workspace.page-events was raised from 32 to 48; the rebalance left 16 partitions without an active consumer because the indexer deployment was capped at 32 replicas.'),
          h2('Actions'),
          ul('Cap raised; the indexer now alerts if any partition has no owner for 5 minutes.', 'Partition changes need a Search reviewer (see Event Bus Topics).', 'Affected spaces were reindexed with acme-search reindex after a --dry-run check.'),
        ),
    }),

    page({
      ref: 'sre-pm-2026-01-09',
      spaceKey: 'SRE',
      parentRef: 'sre-pm',
      title: 'Postmortem: 2026-01-09 duplicate invoice charges',
      author: 'kwame',
      createdAt: '2026-01-10T22:00:00.000Z',
      updatedAt: '2026-01-16T00:00:00.000Z',
      versions: 5,
      labels: ['postmortem', 'billing-service', 'payrail'],
      body: () =>
        doc(
          p(status('Red', 'SEV1'), ' Author: ', mention(ACCOUNT.kwame), '.'),
          h2('Summary'),
          p('During the 9 January invoice run, 312 customers were charged twice. PayRail connections were reset mid-request (ERR_CONN_RESET) during a PayRail network event; billing-service retried the charge through a code path that did not send the Idempotency-Key header, so PayRail treated each retry as a new charge.'),
          h2('Resolution'),
          ul('All 312 duplicate charges were refunded on 10 January; affected customers got an apology email.', ['billing-service ', pageLink('billing-service v2.3.1 Release Notes', 'ENG', 'v2.3.1'), ' sends the key on every attempt and looks up the outcome of a reset request before retrying.']),
          h2('Lessons'),
          p('A reset connection is not a failure: the charge may have succeeded. Treat it as "outcome unknown" everywhere money moves.'),
        ),
    }),

    page({
      ref: 'sre-pm-template-draft',
      spaceKey: 'SRE',
      parentRef: 'sre-pm',
      title: 'Postmortem template (2026 revision)',
      author: 'priya',
      status: 'draft',
      createdAt: '2026-02-24T01:00:00.000Z',
      updatedAt: '2026-02-27T14:30:00.000Z',
      labels: ['template'],
      body: () => doc(h2('Summary'), p('Two sentences: what broke, for whom, for how long.'), h2('Timeline (UTC)'), h2('Contributing factors'), h2('Actions')),
    }),

    page({
      ref: 'sre-old-escalation',
      spaceKey: 'SRE',
      parentRef: 'sre-oncall',
      title: 'Escalation policy (2024, replaced)',
      author: 'priya',
      status: 'trashed',
      createdAt: '2024-11-02T00:00:00.000Z',
      updatedAt: '2026-01-20T00:00:00.000Z',
      versions: 2,
      body: () => doc(p('Old escalation policy: page the whole team after 10 minutes. Replaced by the On-call Handbook.')),
    }),

    page({
      ref: 'sre-alerts',
      spaceKey: 'SRE',
      parentRef: 'sre-home',
      title: 'Alert Catalogue',
      author: 'jonas',
      createdAt: '2025-09-20T00:00:00.000Z',
      updatedAt: '2026-01-15T05:00:00.000Z',
      versions: 5,
      labels: ['alerts', 'on-call'],
      body: () =>
        doc(
          table({
            head: ['Alert', 'Condition', 'Runbook'],
            rows: [
              ['AuthGatewayLatencyHigh', 'p99 verification > 300 ms for 10 min', pageLink('Runbook: auth-gateway high latency')],
              ['AuthDbConnResets', 'auth_db_conn_resets_total > 10/min', pageLink('Runbook: auth-gateway high latency')],
              ['InvoiceRunNotFinished', 'No finished run by 19:00 UTC', pageLink('Runbook: billing-service invoice run failed')],
              ['SearchIndexerLagHigh', 'Lag > 50,000 for 10 min', pageLink('Runbook: search-indexer consumer lag')],
              ['PostgresReplicaLag', 'Replica lag > 30 s for 5 min', pageLink('Runbook: Postgres failover')],
            ],
          }),
        ),
    }),
  ];
}
