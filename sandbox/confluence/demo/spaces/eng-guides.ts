/** ENG space, part 2: onboarding (the deepest page tree), API documentation, release notes and security. */
import type { SeedPage } from '../../seed-types';
import { page } from '../define';
import { ACCOUNT } from '../people';
import {
  adfPanel, code, commented, date, doc, emoji, excerpt, excerptInclude, expand, h2, h3, include, mention, mono, ol, p,
  pageLink, panel, status, strong, table, tasks, ul,
} from '../storage';

const restrictedToSecurity = {
  read: [
    { type: 'group' as const, name: 'security' },
    { type: 'group' as const, name: 'leadership' },
    { type: 'user' as const, accountId: ACCOUNT.ada },
    { type: 'app' as const },
  ],
  update: [{ type: 'group' as const, name: 'security' }],
};

export function engGuidePages(): SeedPage[] {
  return [
    // ---- onboarding: Home > Onboarding > Checklist > Dev environment > Docker Compose > Troubleshooting ----
    page({
      ref: 'eng-onb',
      spaceKey: 'ENG',
      parentRef: 'eng-home',
      title: 'Onboarding',
      author: 'sofia',
      createdAt: '2025-08-05T00:00:00.000Z',
      updatedAt: '2025-10-01T00:00:00.000Z',
      versions: 2,
      body: () => doc(p('Everything a new engineer needs in the first two weeks. Start with the checklist.'), ul(pageLink('New Engineer Onboarding Checklist'), pageLink('Engineering Glossary'))),
    }),

    page({
      ref: 'eng-onb-checklist',
      spaceKey: 'ENG',
      parentRef: 'eng-onb',
      title: 'New Engineer Onboarding Checklist',
      author: 'sofia',
      createdAt: '2025-08-05T00:30:00.000Z',
      updatedAt: '2026-01-12T23:00:00.000Z',
      versions: 11,
      labels: ['onboarding'],
      body: () =>
        doc(
          p('Welcome to Acme! Your manager and an onboarding buddy will work through this list with you.'),
          h2('Day 1'),
          tasks(
            { done: false, body: 'Collect your laptop and YubiKey from the IT desk (Level 3, Sydney office).' },
            { done: false, body: ['Sign in to Google Workspace and enrol the YubiKey as your second factor.'] },
            { done: false, body: ['Install the VPN client: ', pageLink('How to set up the Acme VPN', 'KB')] },
            { done: false, body: 'Join #engineering, #incidents and your team channel.' },
          ),
          h2('Week 1'),
          tasks(
            { done: false, body: ['Set up your machine: ', pageLink('Setting Up Your Development Environment')] },
            { done: false, body: ['Read the ', pageLink('System Architecture Overview'), ' and the four accepted ADRs.'] },
            { done: false, body: 'Ship a small change to staging with your buddy (a typo fix is fine).' },
            { done: false, body: ['Request read-only production access: ', pageLink('How to request access to production', 'KB')] },
          ),
          h2('Week 2'),
          tasks(
            { done: false, body: ['Shadow an on-call shift. The handbook: ', pageLink('On-call Handbook', 'SRE')] },
            { done: false, body: 'Pair on a review of a real pull request in your team\'s main repository.' },
          ),
          panel('info', [p('Questions about this list go to ', mention(ACCOUNT.sofia), '. Engineers who joined recently are the best people to fix it: please edit it.')]),
        ),
    }),

    page({
      ref: 'eng-onb-devenv',
      spaceKey: 'ENG',
      parentRef: 'eng-onb-checklist',
      title: 'Setting Up Your Development Environment',
      author: 'tomas',
      createdAt: '2025-08-07T03:00:00.000Z',
      updatedAt: '2026-02-03T02:20:00.000Z',
      versions: 7,
      labels: ['onboarding', 'dev-environment'],
      body: () =>
        doc(
          p('Supported: macOS 14+ on Apple silicon, and Ubuntu 24.04. Windows users work inside WSL2 with Ubuntu.'),
          h2('Tools'),
          table({
            head: ['Tool', 'Version', 'Install'],
            rows: [
              ['Node.js', '20 LTS', 'mise install node@20'],
              ['Go', '1.22', 'mise install go@1.22'],
              ['Docker Desktop or colima', 'latest', 'brew install colima docker'],
              ['acme-cli', '3.x', 'brew install acme/tap/acme-cli'],
            ],
          }),
          h2('Clone and bootstrap'),
          code('bash', 'git clone git@github.com:acme/workspace.git\ncd workspace\nmise install\nacme-cli bootstrap   # installs git hooks, pulls dev secrets from Vault'),
          panel('tip', [p('Run ', mono('acme-cli doctor'), ' whenever something is odd. It checks versions, Docker memory (8 GB minimum) and your VPN connection.')]),
          p('Next: ', pageLink('Running the Stack Locally with Docker Compose'), '.'),
        ),
    }),

    page({
      ref: 'eng-onb-docker',
      spaceKey: 'ENG',
      parentRef: 'eng-onb-devenv',
      title: 'Running the Stack Locally with Docker Compose',
      author: 'tomas',
      createdAt: '2025-08-08T05:00:00.000Z',
      updatedAt: '2026-02-03T02:40:00.000Z',
      versions: 6,
      labels: ['onboarding', 'docker', 'dev-environment'],
      body: () =>
        doc(
          excerpt(p('Start the whole stack with ', mono('make up'), '; it runs Postgres, Redis, Kafka, OpenSearch and every service in Docker Compose, seeded with test data.')),
          h2('Start'),
          code('bash', 'make up            # docker compose up -d, then waits for health checks\nmake seed          # loads fixtures: 3 accounts, 40 pages\nopen http://localhost:3000'),
          h2('Ports'),
          table({
            head: ['Service', 'Local URL'],
            rows: [
              ['workspace web', 'http://localhost:3000'],
              ['api-gateway', 'http://localhost:8080/api/v2/pages'],
              ['auth-gateway', 'https://localhost:8443'],
              ['OpenSearch Dashboards', 'http://localhost:5601'],
              ['Kafka UI', 'http://localhost:8088'],
            ],
          }),
          h2('Test users'),
          p('Sign in as ', mono('dev@acme.test'), ' with password ', mono('dev'), '. These accounts exist only in the local fixtures.'),
          h2('Stopping'),
          p(mono('make down'), ' stops containers; ', mono('make nuke'), ' also deletes the volumes (all local data).'),
        ),
    }),

    page({
      ref: 'eng-onb-troubleshoot',
      spaceKey: 'ENG',
      parentRef: 'eng-onb-docker',
      title: 'Troubleshooting Local Setup',
      author: 'jonas',
      createdAt: '2025-09-15T02:00:00.000Z',
      updatedAt: '2026-01-29T04:00:00.000Z',
      versions: 5,
      labels: ['onboarding', 'troubleshooting'],
      body: () =>
        doc(
          expand('OpenSearch exits with code 137', p('Docker ran out of memory. Give Docker at least 8 GB (colima: ', mono('colima start --memory 8'), ').')),
          expand('Kafka never becomes healthy', p('Another process holds port 9092. Find it with ', mono('lsof -i :9092'), ' and stop it, then ', mono('make up'), ' again.')),
          expand(
            'ERR_CONN_RESET when the web app calls localhost:8080',
            p('The gateway container restarted while the browser held a keep-alive connection. Reload the page. If it keeps happening, run ', mono('docker compose logs api-gateway'), ': a crash loop is usually a stale config, fixed by ', mono('make config'), '.'),
          ),
          expand('acme-cli bootstrap cannot reach Vault', p('You are not on the VPN. See ', pageLink('How to set up the Acme VPN', 'KB'), '.')),
        ),
    }),

    page({
      ref: 'eng-glossary',
      spaceKey: 'ENG',
      parentRef: 'eng-onb',
      title: 'Engineering Glossary',
      author: 'max',
      createdAt: '2025-10-04T15:59:00.000Z',
      updatedAt: '2025-10-04T16:01:00.000Z',
      versions: 2,
      labels: ['onboarding', 'glossary'],
      body: () =>
        doc(
          p('Words you will hear in your first week. ', emoji(':books:', '1f4da', '📚'), ' Add yours!'),
          table({
            head: ['Term', 'Meaning'],
            rows: [
              ['Workspace', 'A customer\'s tenant in Acme Workspace; the unit we bill.'],
              ['Invoice run', 'The nightly billing-service job that creates invoices and charges cards.'],
              ['SEV1 / SEV2 / SEV3', 'Incident severities; SEV1 is a customer-facing outage.'],
              ['IC', 'Incident commander: runs the incident, does not fix it.'],
              ['PAT', 'Personal access token for the public API, prefix acme_pat_.'],
              ['Flagpole', 'Our feature-flag service.'],
            ],
          }),
          h2('Greetings used across our offices'),
          p('Sydney: G\'day 👋 · Tokyo office: おはようございます (good morning) · Tel Aviv partners: שלום (shalom) · Shenzhen supplier team: 你好'),
          p('Emoji in commit messages are fine; ✅ means tests pass, 🚧 means work in progress.'),
        ),
    }),

    // ---- API documentation ----
    page({
      ref: 'eng-api',
      spaceKey: 'ENG',
      parentRef: 'eng-home',
      title: 'API Documentation',
      author: 'tomas',
      createdAt: '2025-08-12T00:00:00.000Z',
      updatedAt: '2025-12-15T00:00:00.000Z',
      versions: 3,
      body: () => doc(excerptInclude('Public REST API v2 Overview'), ul(pageLink('Public REST API v2 Overview'), pageLink('Pages API Reference'), pageLink('SDK Guide: getUserById and friends'), pageLink('API Error Codes'))),
    }),

    page({
      ref: 'eng-api-overview',
      spaceKey: 'ENG',
      parentRef: 'eng-api',
      title: 'Public REST API v2 Overview',
      author: 'tomas',
      createdAt: '2025-08-12T01:00:00.000Z',
      updatedAt: '2026-01-15T03:00:00.000Z',
      versions: 6,
      labels: ['api', 'public-api'],
      body: () =>
        doc(
          excerpt(p('The public API lives at ', mono('https://api.acme.example/api/v2'), '. It speaks JSON, authenticates with personal access tokens and paginates with cursors.')),
          h2('Authentication'),
          p('Send a personal access token as a bearer token: ', mono('Authorization: Bearer acme_pat_...'), '. Create one as described in ', pageLink('How to create an API token', 'KB'), '.'),
          h2('Rate limits'),
          p('Each token may make ', strong('100 requests per minute'), ' and 10,000 per day. Over the limit the API answers 429 with a Retry-After header in seconds. Details for customers: ', pageLink('FAQ: Why am I getting 429 Too Many Requests?', 'KB'), '.'),
          h2('Resources'),
          table({
            head: ['Path', 'Methods', 'Notes'],
            rows: [
              ['/api/v2/pages', 'GET, POST', 'List and create pages; see Pages API Reference'],
              ['/api/v2/pages/{id}', 'GET, PUT, DELETE', 'PUT needs the current version number + 1'],
              ['/api/v2/users/{id}', 'GET', 'Public profile only'],
              ['/api/v2/search', 'GET', 'Full-text search, query parameter q'],
            ],
          }),
          h2('Versioning'),
          p('v1 is deprecated and will be switched off on ', date('2026-06-30'), '. Breaking changes only ship in a new major version.'),
        ),
    }),

    page({
      ref: 'eng-api-pages',
      spaceKey: 'ENG',
      parentRef: 'eng-api',
      title: 'Pages API Reference',
      author: 'tomas',
      createdAt: '2025-08-13T02:00:00.000Z',
      updatedAt: '2026-01-15T03:30:00.000Z',
      versions: 5,
      labels: ['api', 'public-api', 'pages'],
      body: () =>
        doc(
          h2('GET /api/v2/pages'),
          p('Lists the pages the token can read, newest first.'),
          table({
            head: ['Parameter', 'Type', 'Default', 'Meaning'],
            rows: [
              ['limit', 'integer', '25', 'Page size, 1 to 250'],
              ['cursor', 'string', '', 'Opaque cursor from _links.next; expires after 24 hours'],
              ['workspace-id', 'string', '', 'Only pages in this workspace'],
              ['sort', 'string', '-updated', 'updated, -updated, title or -title'],
            ],
          }),
          h3('Paginating'),
          p('Follow ', mono('_links.next'), ' until it is absent. Do not build cursors yourself (', pageLink('ADR-003: Cursor pagination in the public API', 'ENG', 'why'), ').'),
          code(
            'typescript',
            `let url: string | undefined = '/api/v2/pages?limit=250';
while (url) {
  const res = await fetch(\`https://api.acme.example\${url}\`, { headers: { Authorization: \`Bearer \${token}\` } });
  const body = await res.json();
  for (const page of body.results) handle(page);
  url = body._links?.next; // absent on the last page
}`,
          ),
          h2('PUT /api/v2/pages/{id}'),
          p('Send the full page with ', mono('version.number'), ' set to the current version + 1. If somebody saved in between you get 409 Conflict: fetch the page again, merge, retry.'),
          panel('warning', [p('A PUT replaces the body. Sending an older body after a 409 silently discards the other person\'s edit.')]),
        ),
    }),

    page({
      ref: 'eng-api-sdk',
      spaceKey: 'ENG',
      parentRef: 'eng-api',
      title: 'SDK Guide: getUserById and friends',
      author: 'kwame',
      createdAt: '2025-10-02T04:00:00.000Z',
      updatedAt: '2026-02-11T05:10:00.000Z',
      versions: 4,
      labels: ['api', 'sdk', 'typescript'],
      body: () =>
        doc(
          p('The TypeScript SDK ', mono('@acme/workspace-sdk'), ' wraps the public API, handles pagination and retries 429 and 5xx responses for you.'),
          h2('Install'),
          code('bash', 'npm install @acme/workspace-sdk@4'),
          h2('Looking up a user'),
          p(mono('getUserById'), ' returns the public profile, or ', mono('null'), ' if the user does not exist or you may not see them. It never throws for a 404.'),
          code(
            'typescript',
            `import { WorkspaceClient } from '@acme/workspace-sdk';

const client = new WorkspaceClient({ token: process.env.ACME_TOKEN! });

const user = await client.users.getUserById('u_8f3a21');
if (user === null) {
  console.log('no such user');
} else {
  console.log(user.displayName, user.timeZone);
}`,
            { title: 'get-user.ts', lineNumbers: true },
          ),
          h2('Other helpers'),
          table({
            head: ['Function', 'Does'],
            rows: [
              ['getUserById(id)', 'One user profile, or null'],
              ['listPages({ limit })', 'Async iterator over /api/v2/pages, following cursors'],
              ['createPage(input)', 'POST /api/v2/pages'],
              ['updatePage(id, input, version)', 'PUT with version + 1; throws ConflictError on 409'],
              ['searchPages(q)', 'GET /api/v2/search'],
            ],
          }),
          panel('note', [p('SDK 3.x called it ', mono('fetchUser'), '. It was renamed to ', mono('getUserById'), ' in 4.0; the old name logs a deprecation warning.')]),
        ),
    }),

    page({
      ref: 'eng-api-errors',
      spaceKey: 'ENG',
      parentRef: 'eng-api',
      title: 'API Error Codes',
      author: 'tomas',
      createdAt: '2025-08-14T06:00:00.000Z',
      updatedAt: '2025-11-25T01:00:00.000Z',
      versions: 4,
      labels: ['api', 'errors'],
      body: () =>
        doc(
          p('Errors have the shape ', mono('{ "code": "...", "message": "...", "traceId": "..." }'), '. Quote the traceId when you ask for help.'),
          table({
            withLocalId: true,
            head: ['HTTP', 'code', 'Meaning', 'What to do'],
            rows: [
              ['400', 'ERR_BAD_REQUEST', 'A parameter is missing or malformed', 'Fix the request'],
              ['401', 'ERR_TOKEN_INVALID', 'Token missing, revoked or expired', 'Create a new token'],
              ['404', 'ERR_NOT_FOUND', 'Does not exist or you may not see it', 'Check the id and your access'],
              ['409', 'ERR_VERSION_CONFLICT', 'Somebody saved first', 'Fetch, merge, retry with the new version'],
              ['429', 'ERR_RATE_LIMITED', 'Over 100 requests per minute', 'Wait for Retry-After seconds'],
              ['(none)', 'ERR_CONN_RESET', 'SDK only: the TCP connection was reset before a response arrived', 'Safe to retry GETs; retry writes only with an idempotency key'],
            ],
          }),
          panel('info', [
            p(
              mono('ERR_CONN_RESET'),
              ' is raised by the SDK, not sent by the server. In November 2025 it was the visible symptom of the ',
              pageLink('Postmortem: 2025-11-18 auth-gateway login outage', 'SRE', 'auth-gateway outage'),
              '.',
            ),
          ]),
        ),
    }),

    // ---- release notes ----
    page({
      ref: 'eng-rn',
      spaceKey: 'ENG',
      parentRef: 'eng-home',
      title: 'Release Notes',
      author: 'kwame',
      createdAt: '2025-08-15T00:00:00.000Z',
      updatedAt: '2026-02-09T00:00:00.000Z',
      versions: 4,
      body: () => doc(p('Release notes for internally deployed services, newest first.'), include('billing-service v2.3.1 Release Notes', 'ENG')),
    }),

    page({
      ref: 'eng-rn-billing-231',
      spaceKey: 'ENG',
      parentRef: 'eng-rn',
      title: 'billing-service v2.3.1 Release Notes',
      author: 'kwame',
      createdAt: '2026-01-13T02:00:00.000Z',
      updatedAt: '2026-01-14T23:30:00.000Z',
      versions: 3,
      labels: ['release-notes', 'billing-service'],
      body: () =>
        doc(
          p(status('Green', 'RELEASED'), ' billing-service ', strong('v2.3.1'), ', deployed to production on ', date('2026-01-14'), ' by ', mention(ACCOUNT.kwame), '.'),
          h2('Fixes'),
          ul(
            ['Charge retries now always send the Idempotency-Key header. This fixes the duplicate charges of 9 January (', pageLink('Postmortem: 2026-01-09 duplicate invoice charges', 'SRE'), ').'],
            ['A reset connection to PayRail (', mono('ERR_CONN_RESET'), ') is now treated as "outcome unknown": the charge is looked up by idempotency key before any retry.'],
            'The invoices table gained a unique index on (account_id, billing_date).',
          ),
          h2('Upgrade notes'),
          p('Migration 0147 builds the unique index concurrently; it takes about 4 minutes on production. Run it with ', mono('acme-cli db migrate --service billing-service --dry-run'), ' first to see the plan.'),
        ),
    }),

    page({
      ref: 'eng-rn-billing-230',
      spaceKey: 'ENG',
      parentRef: 'eng-rn',
      title: 'billing-service v2.3.0 Release Notes',
      author: 'kwame',
      createdAt: '2025-10-08T03:00:00.000Z',
      updatedAt: '2025-10-08T03:00:00.000Z',
      labels: ['release-notes', 'billing-service'],
      body: () =>
        doc(
          p(status('Green', 'RELEASED'), ' Deployed ', date('2025-10-08'), '.'),
          ul('The nightly invoice run is scheduled at 15:00 UTC instead of 02:00 Australia/Sydney, so daylight-saving changes can no longer skip or repeat it.', 'Invoice creation uses an idempotency key of account id + billing date.'),
        ),
    }),

    page({
      ref: 'eng-rn-auth-420',
      spaceKey: 'ENG',
      parentRef: 'eng-rn',
      title: 'auth-gateway v4.2.0 Release Notes',
      author: 'tomas',
      createdAt: '2025-11-21T05:00:00.000Z',
      updatedAt: '2025-11-22T01:00:00.000Z',
      versions: 2,
      labels: ['release-notes', 'auth-gateway'],
      body: () =>
        doc(
          p(status('Green', 'RELEASED'), ' Deployed ', date('2025-11-21'), '.'),
          ul(
            'Database connections are validated before use and recycled after 5 minutes idle, below PgBouncer\'s server_idle_timeout.',
            'New metric auth_db_conn_resets_total; alert when above 10 per minute.',
            ['SAML: accepts assertions signed with SHA-256 only. ', commented('e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8', 'Customers on SHA-1 were contacted in October.')],
          ),
        ),
    }),

    page({
      ref: 'eng-rn-2026-01',
      spaceKey: 'ENG',
      parentRef: 'eng-rn',
      title: 'Release Notes — January 2026',
      author: 'sofia',
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
      labels: ['release-notes', 'monthly'],
      body: () =>
        doc(
          p('Customer-facing summary of January. Internal details are on each service\'s release notes page.'),
          ul('Search: results for edited pages appear within a minute again after the December indexing fix.', 'Billing: duplicate charges from 9 January were refunded on 10 January; billing-service v2.3.1 prevents a repeat.', 'API: the SDK function fetchUser is now getUserById (SDK 4.0).'),
        ),
    }),

    // ---- security: a restricted page, a child and grandchild that inherit the restriction ----
    page({
      ref: 'eng-sec',
      spaceKey: 'ENG',
      parentRef: 'eng-home',
      title: 'Security',
      author: 'mei',
      createdAt: '2025-08-18T00:00:00.000Z',
      updatedAt: '2025-12-05T00:00:00.000Z',
      versions: 2,
      body: () => doc(p('Security practices for engineers. Report a suspected incident in #security-incident or page the security on-call.'), ul(pageLink('Secrets Management Guide'))),
    }),

    page({
      ref: 'eng-sec-secrets',
      spaceKey: 'ENG',
      parentRef: 'eng-sec',
      title: 'Secrets Management Guide',
      author: 'mei',
      createdAt: '2025-08-18T02:00:00.000Z',
      updatedAt: '2026-01-22T04:00:00.000Z',
      versions: 6,
      labels: ['security', 'vault', 'secrets'],
      body: () =>
        doc(
          p('All secrets live in HashiCorp Vault at ', mono('https://vault.acme.internal'), '. Nothing secret goes in a repository, a ticket, a chat message or this wiki.'),
          h2('Where things are'),
          table({
            head: ['Kind', 'Vault path', 'Rotation'],
            rows: [
              ['Static service secrets', 'secret/data/<service>/<env>', 'Every 90 days'],
              ['Database credentials', 'database/creds/<service>-<env>', 'Dynamic, 24-hour lease'],
              ['PayRail API keys', 'secret/data/billing-service/prod/payrail', 'Every 90 days, dual-key overlap'],
              ['JWT signing keys', 'transit/keys/auth-gateway', 'Every 30 days'],
            ],
          }),
          h2('Reading a secret in a service'),
          code('typescript', "const { data } = await vault.read('secret/data/billing-service/prod/payrail');\nconst apiKey: string = data.data.api_key; // never log this"),
          adfPanel('error', [p('If a secret leaks (pasted in Slack, committed, logged), rotate it first and report it second. Rotation steps: ', pageLink('Runbook: Rotating database credentials', 'SRE'), '.')]),
        ),
    }),

    page({
      ref: 'eng-sec-irp',
      spaceKey: 'ENG',
      parentRef: 'eng-sec',
      title: 'Security Incident Response Plan',
      author: 'mei',
      createdAt: '2025-08-22T01:00:00.000Z',
      updatedAt: '2026-02-18T03:00:00.000Z',
      versions: 9,
      labels: ['security', 'incident-response', 'restricted'],
      restrictions: restrictedToSecurity,
      body: () =>
        doc(
          panel('warning', [p('Restricted to the security team and leadership.')]),
          h2('Phases'),
          ol('Detect and triage (security on-call, 15 minutes).', 'Contain: revoke credentials, isolate hosts, block indicators.', 'Eradicate and recover.', 'Notify: customers within 72 hours where personal data is involved, as our DPA requires.', 'Review: blameless postmortem within 5 business days.'),
          h2('Severity'),
          table({
            head: ['Level', 'Example', 'Who is paged'],
            rows: [
              ['S1', 'Confirmed customer data exposure', 'Security on-call, CISO, VP Engineering, legal'],
              ['S2', 'Compromised employee credential, no data access seen', 'Security on-call, CISO'],
              ['S3', 'Malware on a laptop, contained', 'Security on-call'],
            ],
          }),
          p('Incident lead for Q1 2026: ', mention(ACCOUNT.mei), '.'),
        ),
    }),

    page({
      ref: 'eng-sec-contacts',
      spaceKey: 'ENG',
      parentRef: 'eng-sec-irp',
      title: 'Security Incident Contact Tree',
      author: 'mei',
      createdAt: '2025-08-22T02:00:00.000Z',
      updatedAt: '2026-02-18T03:10:00.000Z',
      versions: 4,
      labels: ['security', 'incident-response'],
      body: () =>
        doc(
          p('Call in this order until somebody answers. Numbers are in the on-call tool; this page lists roles.'),
          ol('Security on-call (primary)', 'Security on-call (secondary)', ['Mei Chen, security lead ', mention(ACCOUNT.mei)], ['Sofia Rossi, VP Engineering ', mention(ACCOUNT.sofia)], 'External counsel: Harbour Legal, engagement code ACME-IR-7'),
        ),
    }),

    page({
      ref: 'eng-sec-forensics',
      spaceKey: 'ENG',
      parentRef: 'eng-sec-contacts',
      title: 'Forensic Evidence Handling',
      author: 'mei',
      createdAt: '2025-09-03T04:00:00.000Z',
      updatedAt: '2025-09-03T04:00:00.000Z',
      labels: ['security', 'forensics'],
      body: () =>
        doc(
          p('Before touching a suspect host, snapshot its EBS volumes and memory. Record every action with a timestamp in the incident document.'),
          code('bash', 'aws ec2 create-snapshot --volume-id vol-0abc --description "IR-2026-003 evidence" --tag-specifications \'ResourceType=snapshot,Tags=[{Key=legal-hold,Value=true}]\''),
        ),
    }),
  ];
}
