/** ENG space, part 1: the home page, the architecture notes and the decision records. */
import type { SeedPage } from '../../seed-types';
import { page } from '../define';
import { ACCOUNT } from '../people';
import {
  children, code, commented, doc, em, excerpt, expand, h1, h2, h3, mention, mono, ol, p, pageLink, panel, pid,
  status, strong, table, toc, twoColumns, ul,
} from '../storage';

export function engArchitecturePages(): SeedPage[] {
  return [
    page({
      ref: 'eng-home',
      spaceKey: 'ENG',
      title: 'Engineering Home',
      author: 'sofia',
      createdAt: '2025-08-04T00:15:00.000Z',
      updatedAt: '2026-02-16T23:40:00.000Z',
      versions: 14,
      labels: ['home', 'engineering'],
      body: () =>
        doc(
          h1('Acme Engineering'),
          p(
            'This space is the shared memory of the Acme engineering organisation: how ',
            strong('Acme Workspace'),
            ' is built, why it is built that way, and how we keep it running. Team spaces hold day-to-day notes; anything another team needs to rely on belongs here.',
          ),
          twoColumns(
            [
              h2('Start here'),
              ul(
                pageLink('New Engineer Onboarding Checklist', 'ENG'),
                pageLink('System Architecture Overview', 'ENG'),
                pageLink('Decision Records', 'ENG'),
                pageLink('Public REST API v2 Overview', 'ENG'),
                pageLink('Release Notes', 'ENG'),
              ),
              h3('Owners'),
              p('Space owner: ', mention(ACCOUNT.sofia), ' (VP Engineering). Platform questions go to ', mention(ACCOUNT.tomas), '.'),
            ],
            [
              h2('Operating the platform'),
              p('Runbooks, postmortems and the on-call handbook live in the ', pageLink('SRE Home', 'SRE', 'Site Reliability space'), '.'),
              p('How-to articles for the whole company are in the ', pageLink('Help Center', 'KB'), '.'),
              panel('tip', [p('Search tip: service names are written in lower case with hyphens, for example ', mono('billing-service'), ' and ', mono('auth-gateway'), '.')]),
            ],
          ),
          h2('Teams'),
          table({
            withLocalId: true,
            head: ['Team', 'Owns', 'Tech lead', 'Channel'],
            rows: [
              ['Identity', 'auth-gateway, account settings', mention(ACCOUNT.tomas), '#team-identity'],
              ['Payments', 'billing-service, PayRail integration', mention(ACCOUNT.kwame), '#team-payments'],
              ['Search', 'search-indexer, query service', mention(ACCOUNT.jonas), '#team-search'],
              ['SRE', 'Kubernetes, databases, on-call tooling', mention(ACCOUNT.priya), '#sre'],
              ['Security', 'Vault, incident response, audits', mention(ACCOUNT.mei), '#security'],
            ],
          }),
        ),
    }),

    page({
      ref: 'eng-arch',
      spaceKey: 'ENG',
      parentRef: 'eng-home',
      title: 'Architecture',
      author: 'tomas',
      createdAt: '2025-08-04T01:00:00.000Z',
      updatedAt: '2025-09-12T05:20:00.000Z',
      versions: 3,
      body: () =>
        doc(
          p('Architecture notes for each service. Every note names its owner, its data stores and what breaks when it is down.'),
          children(),
        ),
    }),

    page({
      ref: 'eng-arch-overview',
      spaceKey: 'ENG',
      parentRef: 'eng-arch',
      title: 'System Architecture Overview',
      author: 'tomas',
      createdAt: '2025-08-11T02:30:00.000Z',
      updatedAt: '2026-02-02T04:10:00.000Z',
      versions: 9,
      labels: ['architecture', 'overview'],
      body: () =>
        doc(
          toc(),
          excerpt(
            p(
              'Acme Workspace is a set of small services behind one edge. Requests enter through ',
              mono('api-gateway'),
              ', are authenticated by ',
              mono('auth-gateway'),
              ', and reach the product services, which publish every change to Kafka so that search, billing and notifications can react without calling each other.',
            ),
          ),
          h2('Request path'),
          ol(
            ['The client calls ', mono('https://api.acme.example/api/v2/...'), '. DNS points at the edge load balancer in ap-southeast-2 (Sydney).'],
            [mono('api-gateway'), ' (Envoy) terminates TLS, applies the per-token rate limit of 100 requests per minute, and forwards to the right service.'],
            [mono('auth-gateway'), ' validates the bearer token (a 15-minute RS256 JWT) and adds the ', mono('x-acme-account'), ' header.'],
            ['The product service answers and, for writes, publishes an event to the ', mono('workspace.page-events'), ' topic.'],
          ),
          h2('Services'),
          table({
            head: ['Service', 'Language', 'Data stores', 'Owner', 'State'],
            rows: [
              ['api-gateway', 'Envoy + Lua filters', 'none', 'SRE', [status('Green', 'STABLE')]],
              ['auth-gateway', 'Go 1.22', 'Postgres authdb (via PgBouncer), Redis sessions', 'Identity', [status('Green', 'STABLE')]],
              ['workspace-api', 'TypeScript (Node 20)', 'Postgres workspacedb, S3 attachments', 'Platform', [status('Green', 'STABLE')]],
              ['billing-service', 'TypeScript (Node 20)', 'Postgres billingdb', 'Payments', [status('Yellow', 'HARDENING')]],
              ['search-indexer', 'TypeScript (Node 20)', 'OpenSearch cluster search-prod', 'Search', [status('Green', 'STABLE')]],
              ['notification-service', 'Kotlin', 'DynamoDB notifications table', 'Platform', [status('Blue', 'BETA')]],
            ],
          }),
          h2('Environments and regions'),
          table({
            head: ['Environment', 'Where', 'Details'],
            rows: [
              ['dev', 'Your laptop (Docker Compose)', [p('See ', pageLink('Running the Stack Locally with Docker Compose', 'ENG'), '.')]],
              ['staging', 'EKS cluster staging-apse2', [p('Deployed on every merge to main.')]],
              [
                'prod',
                'EKS clusters prod-apse2 (primary) and prod-use1 (disaster recovery)',
                table({
                  head: ['Region', 'Role', 'RPO / RTO'],
                  rows: [
                    ['ap-southeast-2', 'Primary, serves all traffic', '5 min / 30 min'],
                    ['us-east-1', 'Warm standby, database replicas only', '15 min / 4 h'],
                  ],
                }),
              ],
            ],
          }),
          h2('Events'),
          p('All asynchronous work goes through Kafka (cluster ', mono('events-prod'), '). The topics and their owners are listed in ', pageLink('Event Bus Topics', 'ENG'), '.'),
          panel('note', [p('Services never read another service\'s database. If you need data another team owns, consume its events or call its API.')], 'Golden rule'),
        ),
    }),

    page({
      ref: 'eng-arch-auth',
      spaceKey: 'ENG',
      parentRef: 'eng-arch',
      title: 'auth-gateway Architecture',
      author: 'tomas',
      createdAt: '2025-08-20T03:00:00.000Z',
      updatedAt: '2025-12-01T22:45:00.000Z',
      versions: 6,
      labels: ['architecture', 'auth-gateway', 'identity'],
      body: () =>
        doc(
          p(mention(ACCOUNT.tomas), ' owns this page. ', status('Green', 'CURRENT')),
          h2('What it does'),
          p(
            mono('auth-gateway'),
            ' signs people in (password, Google and SAML), issues tokens and checks them on every API request. It is written in Go 1.22 and listens on port 8443 inside the cluster.',
          ),
          h2('Tokens'),
          table({
            head: ['Token', 'Format', 'Lifetime', 'Stored'],
            rows: [
              ['Access token', 'RS256 JWT', '15 minutes', 'Not stored; verified by signature'],
              ['Refresh token', 'Opaque, 256 bits', '30 days, rotated on every use', 'Redis (hash only)'],
              ['API token (public API)', 'Opaque, prefix acme_pat_', 'Until revoked, max 1 year', 'Postgres authdb (hash only)'],
            ],
          }),
          p('Signing keys rotate every 30 days; the previous key stays in the JWKS document for 24 hours so tokens signed just before a rotation still verify.'),
          h2('Storage'),
          ul(
            ['Users, API tokens and SAML settings: Postgres ', mono('authdb'), ', reached through PgBouncer in transaction pooling mode.'],
            ['Sessions and refresh tokens: Redis (decided in ', pageLink('ADR-004: Move session store from Memcached to Redis', 'ENG'), ').'],
          ),
          h2('Verifying a token in a service'),
          code(
            'go',
            `claims, err := authclient.Verify(ctx, bearer, authclient.Options{
    Audience: "workspace-api",
    Leeway:   30 * time.Second, // clocks drift; never more than this
})
if err != nil {
    return status.Error(codes.Unauthenticated, "invalid token")
}
account := claims.AccountID`,
            { title: 'verify.go' },
          ),
          panel('warning', [
            p('Never log a bearer token, a refresh token or an API token, not even truncated. The log shipper is not a secret store.'),
          ]),
          h2('Known failure modes'),
          ul(
            ['PgBouncer drops idle server connections: the November 2025 outage. See ', pageLink('Postmortem: 2025-11-18 auth-gateway login outage', 'SRE'), '.'],
            ['Redis failover logs everybody out unless refresh tokens are replicated; they are, since v4.1.'],
          ),
        ),
    }),

    page({
      ref: 'eng-arch-billing',
      spaceKey: 'ENG',
      parentRef: 'eng-arch',
      title: 'billing-service Architecture',
      author: 'kwame',
      createdAt: '2025-08-25T06:10:00.000Z',
      updatedAt: '2026-01-20T01:05:00.000Z',
      versions: 8,
      labels: ['architecture', 'billing-service', 'payments'],
      body: () =>
        doc(
          excerpt(
            p(
              mono('billing-service'),
              ' turns usage into invoices and charges customers through our payment provider, PayRail. It runs a nightly invoice run and exposes an internal API for plan changes.',
            ),
          ),
          h2('Nightly invoice run'),
          p(
            'The invoice run starts at ',
            strong('15:00 UTC'),
            ' every day (01:00 or 02:00 in Sydney depending on daylight saving). Until October 2025 it was scheduled at 02:00 Sydney time, which does not exist on the day daylight saving starts; see ',
            pageLink('Postmortem: 2025-10-05 missed invoice run', 'SRE'),
            '.',
          ),
          ol(
            'Close the billing period for every account whose period ends today (UTC).',
            'Compute line items from the usage_daily table.',
            'Create the invoice with an idempotency key of account id + billing date, so a rerun never creates a second invoice.',
            'Charge the card on file through PayRail with the same idempotency key in the Idempotency-Key header.',
            'Publish invoice.created and payment.succeeded or payment.failed events.',
          ),
          panel('info', [p('The run normally finishes in about 40 minutes. The SLO is completion by 06:00 Sydney time.')]),
          h2('Data'),
          table({
            head: ['Table', 'Purpose', 'Retention'],
            rows: [
              ['accounts_billing', 'Plan, currency, PayRail customer id', 'Life of account'],
              ['usage_daily', 'Seats and storage per account per day', '25 months'],
              ['invoices', 'One row per invoice, unique on (account_id, billing_date)', '7 years (tax law)'],
              ['payment_attempts', 'Every charge attempt and its PayRail response', '7 years'],
            ],
          }),
          h2('Retry policy'),
          p(
            'Calls to PayRail are retried up to 3 times with exponential backoff (1 s, 4 s, 16 s). A retry is only safe because the Idempotency-Key is sent on every attempt: the January 2026 duplicate charges happened when a retry path did not send it. Fixed in ',
            pageLink('billing-service v2.3.1 Release Notes', 'ENG', 'v2.3.1'),
            '.',
          ),
          code(
            'typescript',
            `const key = \`\${invoice.accountId}:\${invoice.billingDate}\`;
await retry(() => payrail.charges.create(
  { customer: account.payrailCustomerId, amount: invoice.totalCents, currency: invoice.currency },
  { headers: { 'Idempotency-Key': key } },
), { attempts: 3, baseDelayMs: 1000, factor: 4 });`,
          ),
        ),
    }),

    page({
      ref: 'eng-arch-search',
      spaceKey: 'ENG',
      parentRef: 'eng-arch',
      title: 'search-indexer Architecture',
      author: 'jonas',
      createdAt: '2025-09-02T04:45:00.000Z',
      updatedAt: '2025-12-10T03:30:00.000Z',
      versions: 5,
      labels: ['architecture', 'search-indexer', 'search'],
      body: () =>
        doc(
          p(
            mono('search-indexer'),
            ' keeps the OpenSearch index ',
            mono('pages-v7'),
            ' (cluster ',
            mono('search-prod'),
            ') in step with the pages in Postgres. It consumes the ',
            mono('workspace.page-events'),
            ' Kafka topic with consumer group ',
            mono('search-indexer-v7'),
            '.',
          ),
          h2('Pipeline'),
          ol(
            'Read a batch of up to 500 page events.',
            'Collapse events per page: only the newest version of each page is indexed.',
            'Fetch the page body from workspace-api and convert it to plain text (tables keep their header with every row).',
            'Bulk-write to OpenSearch; deletes are written as tombstones first, so a deleted page never reappears from an older event.',
            'Commit the Kafka offset only after OpenSearch acknowledges the bulk request.',
          ),
          h2('Freshness'),
          p('The target is that 99% of edits are searchable within 60 seconds. Consumer lag above 50,000 messages for 10 minutes pages the Search on-call; follow ', pageLink('Runbook: search-indexer consumer lag', 'SRE'), '.'),
          h2('Reindexing'),
          p('A full reindex of one space is done with the ', mono('acme-search'), ' CLI. Always run it with ', mono('--dry-run'), ' first: it prints how many documents would be written and deleted without touching the index.'),
          code('bash', 'acme-search reindex --space ENG --index pages-v7 --dry-run\nacme-search reindex --space ENG --index pages-v7'),
          expand(
            'Why not index straight from Postgres?',
            p('Logical replication would couple the indexer to workspace-api\'s schema. Events are a contract; tables are not. We decided this in 2024 and it still holds.'),
          ),
        ),
    }),

    page({
      ref: 'eng-arch-events',
      spaceKey: 'ENG',
      parentRef: 'eng-arch',
      title: 'Event Bus Topics',
      author: 'tomas',
      createdAt: '2025-09-05T00:00:00.000Z',
      updatedAt: '2025-11-03T02:00:00.000Z',
      versions: 4,
      labels: ['architecture', 'kafka'],
      body: () =>
        doc(
          p('Kafka cluster ', mono('events-prod'), ' (Amazon MSK, 6 brokers, replication factor 3). Events are JSON with a schema in the ', mono('acme-events'), ' repository.'),
          table({
            withLocalId: true,
            head: ['Topic', 'Producer', 'Consumers', 'Partitions', 'Retention'],
            rows: [
              ['workspace.page-events', 'workspace-api', 'search-indexer, notification-service', '48', '7 days'],
              ['billing.invoice-events', 'billing-service', 'notification-service, finance-export', '12', '30 days'],
              ['auth.security-events', 'auth-gateway', 'security-siem', '12', '90 days'],
              ['workspace.notifications', 'notification-service', 'email-sender, push-sender', '24', '3 days'],
            ],
          }),
          panel('note', [p('Adding a partition reshuffles keys across consumers. Talk to ', mention(ACCOUNT.priya), ' before changing a partition count: the December 2025 search incident started that way.')]),
        ),
    }),

    page({
      ref: 'eng-adr',
      spaceKey: 'ENG',
      parentRef: 'eng-home',
      title: 'Decision Records',
      author: 'sofia',
      createdAt: '2025-08-04T01:10:00.000Z',
      updatedAt: '2026-01-28T05:00:00.000Z',
      versions: 7,
      labels: ['adr'],
      body: () =>
        doc(
          p('Architecture decision records (ADRs). One page per decision, never edited after acceptance except to mark it superseded.'),
          table({
            head: ['ADR', 'Status'],
            rows: [
              [pageLink('ADR-001: Use PostgreSQL for transactional data', 'ENG'), status('Green', 'ACCEPTED')],
              [pageLink('ADR-002: Adopt OpenTelemetry for tracing', 'ENG'), status('Green', 'ACCEPTED')],
              [pageLink('ADR-003: Cursor pagination in the public API', 'ENG'), status('Green', 'ACCEPTED')],
              [pageLink('ADR-004: Move session store from Memcached to Redis', 'ENG'), status('Green', 'ACCEPTED')],
            ],
          }),
          h2('Template'),
          p('Context, Decision, Consequences, Alternatives considered. Keep it under two screens.'),
        ),
    }),

    page({
      ref: 'eng-adr-001',
      spaceKey: 'ENG',
      parentRef: 'eng-adr',
      title: 'ADR-001: Use PostgreSQL for transactional data',
      author: 'tomas',
      createdAt: '2025-08-06T02:00:00.000Z',
      updatedAt: '2025-08-14T06:00:00.000Z',
      versions: 3,
      labels: ['adr', 'database', 'postgres'],
      restrictions: { update: [{ type: 'group', name: 'leadership' }, { type: 'user', accountId: ACCOUNT.tomas }] },
      body: () =>
        doc(
          p(status('Green', 'ACCEPTED'), ' Deciders: ', mention(ACCOUNT.tomas), ', ', mention(ACCOUNT.kwame), ', ', mention(ACCOUNT.sofia), '.'),
          h2('Context'),
          p('Billing, identity and workspace metadata need multi-row transactions, foreign keys and point-in-time recovery. Each team had picked its own store, and we were running MySQL, MongoDB and Postgres.'),
          h2('Decision'),
          p('All transactional data lives in PostgreSQL 16 on Amazon RDS, one database per service (', mono('authdb'), ', ', mono('billingdb'), ', ', mono('workspacedb'), '). Connections go through PgBouncer in transaction pooling mode.'),
          h2('Consequences'),
          ul(
            'One set of backup, failover and upgrade runbooks instead of three.',
            'Session-level features (advisory locks held across transactions, prepared statements) are unavailable through PgBouncer transaction pooling.',
            'MongoDB collections in notification-service were moved to DynamoDB instead, as they are key-value access only.',
          ),
          h2('Alternatives considered'),
          table({
            head: ['Option', 'Why not'],
            rows: [
              ['MySQL 8', 'Weaker JSON indexing; the team knew Postgres better.'],
              ['CockroachDB', 'Multi-region writes are not needed yet; higher latency and cost.'],
              ['Stay polyglot', 'Three on-call skill sets for one small SRE team.'],
            ],
          }),
        ),
    }),

    page({
      ref: 'eng-adr-002',
      spaceKey: 'ENG',
      parentRef: 'eng-adr',
      title: 'ADR-002: Adopt OpenTelemetry for tracing',
      author: 'priya',
      createdAt: '2025-08-19T05:30:00.000Z',
      updatedAt: '2025-09-01T00:30:00.000Z',
      versions: 2,
      labels: ['adr', 'observability'],
      body: () =>
        doc(
          p(status('Green', 'ACCEPTED'), ' Decider: ', mention(ACCOUNT.priya), '.'),
          h2('Context'),
          p('Each service used a different tracing library, so a request could not be followed from api-gateway to billing-service. Incident timelines were reconstructed from logs by hand.'),
          h2('Decision'),
          p('Every service exports traces with the OpenTelemetry SDK over OTLP to the collector in each cluster. Sampling is 10% of requests plus 100% of errors. The trace id is written into every log line as ', mono('trace_id'), '.'),
          code('typescript', "import { NodeSDK } from '@opentelemetry/sdk-node';\n\nconst sdk = new NodeSDK({ serviceName: 'billing-service' });\nsdk.start();"),
          h2('Consequences'),
          ul('Kafka messages carry the traceparent header so asynchronous work joins the trace.', 'The vendor-specific agents were removed by the end of Q4 2025.'),
        ),
    }),

    page({
      ref: 'eng-adr-003',
      spaceKey: 'ENG',
      parentRef: 'eng-adr',
      title: 'ADR-003: Cursor pagination in the public API',
      author: 'tomas',
      createdAt: '2025-09-09T01:45:00.000Z',
      updatedAt: '2025-09-30T03:15:00.000Z',
      versions: 4,
      labels: ['adr', 'api'],
      body: () =>
        doc(
          p(status('Green', 'ACCEPTED')),
          h2('Context'),
          p('Offset pagination (', mono('?start=500&limit=50'), ') skips or repeats items when pages are created or deleted between requests, and deep offsets are slow in Postgres.'),
          h2('Decision'),
          p(
            'List endpoints in API v2, starting with ',
            mono('/api/v2/pages'),
            ', return an opaque ',
            mono('cursor'),
            ' in ',
            mono('_links.next'),
            ' and in the Link header. Clients pass it back unchanged. ',
            commented('b7c1e2d4-3f5a-4c6b-9d8e-0a1b2c3d4e5f', 'Cursors expire after 24 hours.'),
            ' The maximum ',
            mono('limit'),
            ' is 250.',
          ),
          h2('Consequences'),
          ul('Clients cannot jump to page N; the UI shows "Load more" instead.', 'The cursor encodes the sort key and id of the last item, base64url encoded. It is not a contract; clients must not parse it.'),
        ),
    }),

    page({
      ref: 'eng-adr-004',
      spaceKey: 'ENG',
      parentRef: 'eng-adr',
      title: 'ADR-004: Move session store from Memcached to Redis',
      author: 'tomas',
      createdAt: '2025-10-14T04:00:00.000Z',
      updatedAt: '2025-10-28T22:10:00.000Z',
      versions: 3,
      labels: ['adr', 'auth-gateway', 'redis'],
      body: () =>
        doc(
          p(status('Green', 'ACCEPTED'), ' Supersedes the Memcached decision recorded in 2021.'),
          h2('Context'),
          p('Memcached loses every session on a node restart, so each auth-gateway deploy in the old cluster logged out a slice of users. Refresh-token rotation also needs an atomic compare-and-set.'),
          h2('Decision'),
          p('Sessions and refresh-token hashes move to Redis 7 (ElastiCache, cluster mode, one replica per shard). Rotation uses a Lua script so the old token is invalidated and the new one written in one step.'),
          h2('Consequences'),
          ul('A Redis failover no longer logs users out, because refresh tokens are replicated.', 'Memcached cluster sessions-mc was decommissioned on 2025-11-20.'),
        ),
    }),

    page({
      ref: 'eng-adr-005-draft',
      spaceKey: 'ENG',
      parentRef: 'eng-adr',
      title: 'ADR-005: Per-tenant encryption keys (draft)',
      author: 'mei',
      status: 'draft',
      createdAt: '2026-02-20T03:00:00.000Z',
      updatedAt: '2026-02-26T06:30:00.000Z',
      labels: ['adr', 'security'],
      body: () =>
        doc(
          p(status('Yellow', 'PROPOSED'), ' Not decided yet; comments welcome.'),
          h2('Context'),
          p('Two enterprise customers have asked for their data to be encrypted with keys they can revoke.'),
          h2('Options'),
          ul('AWS KMS key per tenant, envelope encryption in workspace-api.', 'Bring-your-own-key through the customer\'s KMS, with a cached data key.'),
        ),
    }),

    page({
      ref: 'eng-adr-000-archived',
      spaceKey: 'ENG',
      parentRef: 'eng-adr',
      title: 'ADR-000: Record architecture decisions',
      author: 'sofia',
      status: 'archived',
      createdAt: '2025-08-04T01:20:00.000Z',
      updatedAt: '2025-08-04T01:20:00.000Z',
      labels: ['adr'],
      body: () =>
        doc(
          pid('We will record significant architecture decisions as short pages in this space. Archived: the practice is now described on the Decision Records page itself.'),
        ),
    }),

    page({
      ref: 'eng-headcount',
      spaceKey: 'ENG',
      parentRef: 'eng-home',
      title: 'Engineering Headcount Plan FY26',
      author: 'sofia',
      createdAt: '2025-11-24T22:00:00.000Z',
      updatedAt: '2026-02-10T07:00:00.000Z',
      versions: 5,
      labels: ['planning', 'confidential'],
      // Leadership only, and deliberately not the app: the Librarian must cope with pages it cannot read.
      restrictions: { read: [{ type: 'group', name: 'leadership' }], update: [{ type: 'group', name: 'leadership' }] },
      body: () =>
        doc(
          panel('warning', [p('Confidential: leadership only. Do not copy figures into other pages.')]),
          h2('Plan'),
          table({
            head: ['Team', 'Today', 'End of FY26', 'Notes'],
            rows: [
              ['Identity', '5', '7', 'Two hires for SAML and SCIM work'],
              ['Payments', '4', '6', 'Backfill plus one for tax compliance'],
              ['Search', '3', '5', 'Semantic search initiative'],
              ['SRE', '4', '5', 'Follow-the-sun coverage in us-east-1'],
            ],
          }),
          p('Budget owner: ', mention(ACCOUNT.sofia), '. ', em('Figures approved by the board on 2026-02-05.')),
        ),
    }),
  ];
}
