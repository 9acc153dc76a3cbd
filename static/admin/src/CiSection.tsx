import { useEffect, useState } from 'react';
import type { CiSecretView, LibrarySummary } from '../../../src/contract';
import { Banner, Button, SiteLink } from '../../shared';
import { Section } from '../../shared/controls';
import { TimeAgo, useAction } from '../../shared/settings';
import { admin } from './api';

const pre = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 } as const;

/** The GitHub Actions step that runs `librarian ship` after each push (the README's Ship section explains it). */
function actionsSnippet(libraryId: string): string {
  return [
    '# .github/workflows/docs.yml: repository variables LIBRARIAN_SHIP_URL and LIBRARIAN_LIBRARY,',
    '# secret LIBRARIAN_CI_SECRET',
    'on: { push: { branches: [main] } }',
    'jobs:',
    '  docs:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with: { fetch-depth: 0 }',
    '      - run: npx librarian ship --base ${{ github.event.before }} --head ${{ github.sha }}',
    '        env:',
    '          LIBRARIAN_SHIP_URL: ${{ vars.LIBRARIAN_SHIP_URL }}',
    `          LIBRARIAN_LIBRARY: \${{ vars.LIBRARIAN_LIBRARY }}   # ${libraryId}`,
    '          LIBRARIAN_CI_SECRET: ${{ secrets.LIBRARIAN_CI_SECRET }}',
  ].join('\n');
}

/**
 * Code changes (`librarian ship`), site admins only: whether the Library has a CI secret and since when, creating,
 * rotating and revoking it (a new secret is shown once, here, and never again), the web trigger URL and the CI
 * step to configure, and what the last shipped changes led to, including findings left for a person.
 */
export function CiSection({ summary, editable, now }: { summary: LibrarySummary; editable: boolean; now: number }) {
  const libraryId = summary.library.id;
  const [view, setView] = useState<CiSecretView | undefined>();
  const [shown, setShown] = useState<string | undefined>();
  const [confirming, setConfirming] = useState<'rotate' | 'revoke' | undefined>();
  const load = useAction();
  const action = useAction();

  useEffect(() => {
    setView(undefined);
    setShown(undefined);
    void load.run(async () => setView(await admin('getCiSecret', { libraryId })));
    // Only a different Library reloads: `load` is a new object each render.
  }, [libraryId]);

  const rotate = () =>
    void action.run(async () => {
      const { secret, ...rest } = await admin('rotateCiSecret', { libraryId });
      setView(rest);
      setShown(secret);
      setConfirming(undefined);
    });
  const revoke = () =>
    void action.run(async () => {
      setView(await admin('revokeCiSecret', { libraryId }));
      setShown(undefined);
      setConfirming(undefined);
    });

  return (
    <Section title="Code changes" description="CI runs librarian ship after each change; Librarian finds the pages it makes wrong and proposes the fixes in Review.">
      <div className="lib-stack-md" data-testid="ci-section">
        {load.error ? <Banner appearance="error" title="Could not read the CI settings">{load.error}</Banner> : null}
        {!view && !load.error ? <p className="lib-muted">Loading…</p> : null}
        {view ? (
          <>
            <dl className="lib-kv" data-testid="ci-secret-status">
              <dt>CI secret</dt>
              <dd>
                {view.exists && view.createdAt !== undefined ? (
                  <>
                    Created <TimeAgo at={view.createdAt} now={now} />
                  </>
                ) : (
                  'None: CI requests are refused until you create one.'
                )}
              </dd>
              <dt>Library id</dt>
              <dd className="lib-mono">{libraryId}</dd>
              <dt>Ship URL</dt>
              <dd className="lib-mono" data-testid="ship-url">
                {view.shipUrl ?? 'Not available here'}
              </dd>
            </dl>
            {shown ? (
              <div className="lib-stack-sm" data-testid="ci-secret-once">
                <Banner appearance="success" title="Copy it now: it is shown only once">
                  Store it as the CI secret LIBRARIAN_CI_SECRET. The previous secret, if any, is refused from now on.
                </Banner>
                <pre className="lib-mono" style={pre} data-testid="ci-secret-value">
                  {shown}
                </pre>
                <Button onClick={() => setShown(undefined)}>Done</Button>
              </div>
            ) : null}
            {editable ? (
              confirming ? (
                <div className="lib-confirm lib-confirm--danger" role="group" aria-label={confirming === 'rotate' ? 'Rotate the CI secret' : 'Revoke the CI secret'}>
                  <p className="lib-confirm__title">{confirming === 'rotate' ? 'Rotate the CI secret?' : 'Revoke the CI secret?'}</p>
                  <div className="lib-confirm__body">
                    <p>{confirming === 'rotate' ? 'CI runs signed with the current secret are refused at once; update the CI secret right after.' : 'Every CI request of this Library is refused until you create a new secret.'}</p>
                  </div>
                  <div className="lib-actions">
                    <Button appearance="danger" isLoading={action.busy} onClick={confirming === 'rotate' ? rotate : revoke}>
                      {confirming === 'rotate' ? 'Rotate now' : 'Revoke now'}
                    </Button>
                    <Button appearance="subtle" onClick={() => setConfirming(undefined)}>
                      Cancel
                    </Button>
                  </div>
                </div>
              ) : (
                <div className="lib-actions">
                  {view.exists ? (
                    <>
                      <Button onClick={() => setConfirming('rotate')}>Rotate secret</Button>
                      <Button appearance="subtle" onClick={() => setConfirming('revoke')}>
                        Revoke
                      </Button>
                    </>
                  ) : (
                    <Button appearance="primary" isLoading={action.busy} onClick={rotate}>
                      Create CI secret
                    </Button>
                  )}
                </div>
              )
            ) : null}
            {action.error ? <Banner appearance="error" title="The CI secret was not changed">{action.error}</Banner> : null}
            <div>
              <p className="lib-small lib-muted">GitHub Actions (any other CI: LIBRARIAN_CI_SECRET=… npx librarian ship --url &lt;ship URL&gt; --library {libraryId}):</p>
              <pre className="lib-mono" style={pre} data-testid="ci-snippet">
                {actionsSnippet(libraryId)}
              </pre>
            </div>
            <RecentChanges view={view} now={now} />
            <DocumentOutcomes view={view} now={now} />
          </>
        ) : null}
      </div>
    </Section>
  );
}

/** The last shipped changes: found, proposed, applied by Auto-Accept, and each finding left for a person (as text). */
function RecentChanges({ view, now }: { view: CiSecretView; now: number }) {
  if (!view.recent.length) return <p className="lib-muted">No change shipped yet.</p>;
  return (
    <div className="lib-table-wrap">
      <table className="lib-table" data-testid="ship-changes">
        <caption className="lib-visually-hidden">Last shipped changes</caption>
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">When</th>
            <th scope="col" className="lib-cell-num">Sections found</th>
            <th scope="col" className="lib-cell-num">Proposed</th>
            <th scope="col" className="lib-cell-num">Applied</th>
            <th scope="col">For a person</th>
          </tr>
        </thead>
        <tbody>
          {view.recent.map((change) => (
            <tr key={`${change.at}-${change.label}`}>
              <td>
                {/* The commit or pull request is on the code host: a new tab keeps these settings on screen. */}
                {change.link ? (
                  <SiteLink url={change.link} opens="new-tab">
                    {change.label}
                  </SiteLink>
                ) : (
                  change.label
                )}
                <span className="lib-cell__sub">{change.subjects.join(' · ')}</span>
              </td>
              <td className="lib-nowrap">
                <TimeAgo at={change.at} now={now} />
              </td>
              <td className="lib-cell-num">{change.found}</td>
              <td className="lib-cell-num">{change.proposed}</td>
              <td className="lib-cell-num">{change.applied}</td>
              <td>
                {change.forPerson.length ? (
                  <ul className="lib-small" style={{ margin: 0, paddingLeft: 16 }}>
                    {change.forPerson.map((item, i) => (
                      <li key={i}>
                        {/* A new tab: the admin reads the page and comes back to the next finding. */}
                        <SiteLink url={item.url} opens="new-tab">
                          {item.title}
                          {item.section.length ? ` › ${item.section[item.section.length - 1]}` : ''}
                        </SiteLink>
                        {item.sentence ? <>: “{item.sentence}”</> : null} — {item.why}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="lib-muted">None</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const OUTCOME_LABELS: Record<CiSecretView['documents'][number]['outcome'], string> = {
  proposed: 'Waiting in Review',
  applied: 'Applied',
  declined: 'Declined',
  conflict: 'Conflict',
  superseded: 'Superseded by a newer proposal',
  unchanged: 'Nothing to change',
  refused: 'Refused',
  'not shipped': 'Not shipped yet',
};

/** Each mapped Document (librarian.yml): its page, the commit of its last ship and what that led to, with why (as text). */
function DocumentOutcomes({ view, now }: { view: CiSecretView; now: number }) {
  if (!view.documents.length) return <p className="lib-muted">No Document synced yet.</p>;
  return (
    <div className="lib-table-wrap">
      <table className="lib-table" data-testid="document-outcomes">
        <caption className="lib-visually-hidden">Documents</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Page</th>
            <th scope="col">Last ship</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {view.documents.map((doc) => (
            <tr key={doc.path}>
              <td className="lib-mono">{doc.path}</td>
              <td>
                {doc.pageId ? (
                  // Confluence's address for a page by id alone (the view knows no space key), in a new tab so the
                  // settings stay where they were.
                  <SiteLink url={`/wiki/pages/viewpage.action?pageId=${encodeURIComponent(doc.pageId)}`} opens="new-tab">
                    Page {doc.pageId}
                  </SiteLink>
                ) : (
                  <span className="lib-muted">No page yet</span>
                )}
              </td>
              <td className="lib-nowrap">
                {doc.head ? <span className="lib-mono">{doc.head.slice(0, 7)}</span> : null}
                {doc.at !== undefined ? (
                  <span className="lib-cell__sub">
                    <TimeAgo at={doc.at} now={now} />
                  </span>
                ) : null}
              </td>
              <td>
                {OUTCOME_LABELS[doc.outcome]}
                {doc.reason ? <span className="lib-cell__sub">{doc.reason}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
