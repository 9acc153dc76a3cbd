/** KB space (knowledge base, "Help Center"): how-to articles and FAQs for everyone at Acme. */
import type { SeedPage } from '../../seed-types';
import { page } from '../define';
import { ACCOUNT } from '../people';
import { code, doc, expand, h2, include, mention, mono, ol, p, pageLink, panel, status, strong, table, ul } from '../storage';

export const CQL_METACHAR_TITLE = 'FAQ: "Connection reset" (ERR_CONN_RESET) AND VPN ~ what to try';

export function kbPages(): SeedPage[] {
  return [
    page({
      ref: 'kb-home',
      spaceKey: 'KB',
      title: 'Help Center',
      author: 'ada',
      createdAt: '2025-08-10T00:00:00.000Z',
      updatedAt: '2026-02-19T00:00:00.000Z',
      versions: 8,
      body: () =>
        doc(
          p('Short answers to common questions. Cannot find yours? Ask in #help and we will write an article.'),
          h2('Access'),
          ul(pageLink('How to request access to production'), pageLink('How to set up the Acme VPN'), pageLink('How to create an API token')),
          h2('Developers'),
          ul(pageLink('FAQ: Why am I getting 429 Too Many Requests?'), pageLink('How to use --dry-run with acme-cli'), pageLink('How to request a new service repository'), pageLink(CQL_METACHAR_TITLE)),
        ),
    }),

    page({
      ref: 'kb-prod-access',
      spaceKey: 'KB',
      parentRef: 'kb-home',
      title: 'How to request access to production',
      author: 'priya',
      createdAt: '2025-08-21T02:00:00.000Z',
      updatedAt: '2026-01-27T03:00:00.000Z',
      versions: 6,
      labels: ['access', 'production', 'how-to'],
      body: () =>
        doc(
          p('Production access is temporary and logged. Nobody has standing write access, including SRE.'),
          h2('Read-only access'),
          ol(
            ['Run ', mono('acme-cli access request --role prod-readonly --duration 8h --reason "<ticket>"'), '.'],
            'Your team lead approves it in the #access-requests channel.',
            'Access lasts up to 8 hours, then expires on its own.',
          ),
          h2('Write access (break-glass)'),
          p('Request ', mono('--role prod-admin'), '. It needs approval from your team lead ', strong('and'), ' the SRE on-call, lasts at most 2 hours, and every command is recorded.'),
          table({
            head: ['Role', 'Approvers', 'Max duration'],
            rows: [
              ['prod-readonly', 'Team lead', '8 hours'],
              ['prod-db-readonly', 'Team lead + data owner', '4 hours'],
              ['prod-admin', 'Team lead + SRE on-call', '2 hours'],
            ],
          }),
          panel('tip', [p('New engineers: request prod-readonly in your first week so the approval path is tested before you need it during an incident.')]),
        ),
    }),

    page({
      ref: 'kb-vpn',
      spaceKey: 'KB',
      parentRef: 'kb-home',
      title: 'How to set up the Acme VPN',
      author: 'mei',
      createdAt: '2025-08-11T00:00:00.000Z',
      updatedAt: '2025-12-02T00:00:00.000Z',
      versions: 4,
      labels: ['vpn', 'how-to'],
      body: () =>
        doc(
          p('Acme uses WireGuard through the ', mono('acme-vpn'), ' client. Your device certificate is renewed every 90 days.'),
          ol(
            ['Install: ', mono('brew install acme/tap/acme-vpn'), ' (macOS) or the .deb from the IT portal (Ubuntu).'],
            ['Enrol: ', mono('acme-vpn enrol'), ' opens a browser; sign in with Google and touch your YubiKey.'],
            ['Connect: ', mono('acme-vpn up'), '. Check with ', mono('acme-vpn status'), '.'],
          ),
          expand('Certificate expired', p('Run ', mono('acme-vpn enrol --renew'), '. You do not need IT for this.')),
        ),
    }),

    page({
      ref: 'kb-api-token',
      spaceKey: 'KB',
      parentRef: 'kb-home',
      title: 'How to create an API token',
      author: 'tomas',
      createdAt: '2025-09-01T00:00:00.000Z',
      updatedAt: '2025-11-10T00:00:00.000Z',
      versions: 3,
      labels: ['api', 'how-to', 'tokens'],
      body: () =>
        doc(
          ol('In Acme Workspace open Settings > Security > API tokens.', 'Choose Create token, give it a name and an expiry (at most 1 year).', 'Copy the token now: it starts with acme_pat_ and is shown only once.'),
          p('Use it as ', mono('Authorization: Bearer <token>'), '. Revoke a token on the same screen; revocation takes effect within a minute.'),
          panel('warning', [p('A token acts as you. Do not share it, and do not put it in code; use an environment variable.')]),
        ),
    }),

    page({
      ref: 'kb-429',
      spaceKey: 'KB',
      parentRef: 'kb-home',
      title: 'FAQ: Why am I getting 429 Too Many Requests?',
      author: 'tomas',
      createdAt: '2025-09-03T00:00:00.000Z',
      updatedAt: '2026-01-15T04:00:00.000Z',
      versions: 3,
      labels: ['api', 'faq', 'rate-limit'],
      body: () =>
        doc(
          p('The public API allows each token ', strong('100 requests per minute'), ' and ', strong('10,000 requests per day'), '. Past either limit it answers HTTP 429 with code ERR_RATE_LIMITED.'),
          h2('What to do'),
          ul(
            'Wait the number of seconds in the Retry-After header, then retry.',
            ['Ask for more per page: ', mono('/api/v2/pages?limit=250'), ' needs 10 times fewer calls than the default 25.'],
            ['The SDK (', mono('@acme/workspace-sdk'), ') waits and retries for you.'],
          ),
          p('Need a higher limit for an integration? Ask ', mention(ACCOUNT.tomas), ' with your expected volume.'),
        ),
    }),

    page({
      ref: 'kb-dry-run',
      spaceKey: 'KB',
      parentRef: 'kb-home',
      title: 'How to use --dry-run with acme-cli',
      author: 'jonas',
      createdAt: '2025-10-20T00:00:00.000Z',
      updatedAt: '2025-10-20T00:00:00.000Z',
      labels: ['acme-cli', 'how-to'],
      body: () =>
        doc(
          p('Every acme-cli command that changes something accepts ', mono('--dry-run'), '. It prints exactly what would happen and exits with code 0 without changing anything.'),
          code('bash', 'acme-cli db migrate --service billing-service --dry-run\nacme-cli deploy --env staging --service search-indexer --dry-run\nacme-search reindex --space KB --index pages-v7 --dry-run'),
          p('Dry-run output is also what reviewers want to see in a change request.'),
        ),
    }),

    page({
      ref: 'kb-new-repo',
      spaceKey: 'KB',
      parentRef: 'kb-home',
      title: 'How to request a new service repository',
      author: 'tomas',
      createdAt: '2025-11-05T00:00:00.000Z',
      updatedAt: '2025-11-06T00:00:00.000Z',
      versions: 2,
      labels: ['github', 'how-to'],
      body: () =>
        doc(
          p('Repositories are created from the service template so CI, OpenTelemetry and the Dockerfile are set up the same way everywhere.'),
          code('bash', 'acme-cli repo create --name invoice-exporter --team payments --template service-ts'),
          p('The command opens a pull request in the ', mono('acme/infrastructure'), ' repository; Platform approves it within a business day. ', status('Blue', 'SELF-SERVICE')),
        ),
    }),

    page({
      ref: 'kb-conn-reset',
      spaceKey: 'KB',
      parentRef: 'kb-home',
      title: CQL_METACHAR_TITLE,
      author: 'max',
      createdAt: '2025-11-27T03:00:00.000Z',
      updatedAt: '2026-02-25T13:30:00.000Z',
      versions: 3,
      labels: ['faq', 'networking', 'vpn'],
      body: () =>
        doc(
          p('"Connection reset" or ERR_CONN_RESET while reaching staging or internal tools almost always means the VPN tunnel dropped.'),
          ol(['Check ', mono('acme-vpn status'), '. If it says "handshake stale", run ', mono('acme-vpn down && acme-vpn up'), '.'], 'Flush DNS: on macOS, sudo dscacheutil -flushcache.', ['Still failing? Post the output of ', mono('acme-cli doctor'), ' in #help.']),
          p('If the error comes from the public API in production, it is not your network: see ', pageLink('API Error Codes', 'ENG'), '.'),
        ),
    }),

    page({
      ref: 'kb-vpn-macos',
      spaceKey: 'KB',
      parentRef: 'kb-vpn',
      title: 'VPN on macOS: allow the system extension',
      author: 'mei',
      createdAt: '2025-08-12T00:00:00.000Z',
      updatedAt: '2025-08-12T00:00:00.000Z',
      labels: ['vpn', 'macos'],
      body: () => doc(p('On first start macOS blocks the WireGuard extension. Open System Settings > Privacy & Security and choose Allow next to "acme-vpn".'), include('How to set up the Acme VPN', 'KB')),
    }),
  ];
}
