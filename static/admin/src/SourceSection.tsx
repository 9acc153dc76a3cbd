import { useState } from 'react';
import type { LibrarySummary } from '../../../src/contract';
import { Banner, Button } from '../../shared';
import { RadioGroup, Section, type RadioOption } from '../../shared/controls';
import { TimeAgo, useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';

type Identity = 'app' | 'user';

const IDENTITIES: Array<RadioOption<Identity>> = [
  {
    value: 'app',
    label: 'The app account',
    badge: 'Recommended',
    description:
      'Librarian reads with its own app user, so nothing expires. Limit what it can index with space permissions: remove the app from the permissions of any space it must not read.',
  },
  {
    value: 'user',
    label: 'Act as me',
    description:
      'Librarian reads what you can see, with your consent. That consent can lapse (for example when your access changes or you leave); syncing then stops until an admin reconnects.',
  },
];

export interface SourceSectionProps {
  summary: LibrarySummary;
  editable: boolean;
  viewerId: string | null;
  now: number;
  onChange: OnLibraryChange;
}

/** Connect Confluence as the Library's Source and choose the identity it reads with. */
export function SourceSection({ summary, editable, viewerId, now, onChange }: SourceSectionProps) {
  const { library } = summary;
  const source = library.source;
  const [changing, setChanging] = useState(false);
  const [identity, setIdentity] = useState<Identity>(source?.identity.kind ?? 'app');
  const action = useAction();
  const showForm = editable && (!source || changing);

  const connect = () =>
    void action.run(async () => {
      onChange(await admin('connectSource', { libraryId: library.id, identity }));
      setChanging(false);
    });

  return (
    <Section
      title="Confluence Source"
      description="The identity Librarian reads Confluence with decides which pages it can index."
      actions={
        editable && source && !changing ? (
          <Button
            onClick={() => {
              setIdentity(source.identity.kind);
              setChanging(true);
            }}
          >
            Change identity
          </Button>
        ) : undefined
      }
    >
      {source ? (
        <dl className="lib-kv" data-testid="source-summary">
          <dt>Reads as</dt>
          <dd>
            {source.identity.kind === 'app'
              ? 'The app account'
              : source.identity.accountId === viewerId
                ? 'You (act as me)'
                : source.identity.accountId
                  ? `A site admin’s consent (account ${source.identity.accountId})`
                  : 'A site admin’s consent'}
          </dd>
          <dt>Connected</dt>
          <dd>
            <TimeAgo at={source.connectedAt} now={now} />
            {source.connectedBy === viewerId ? ' by you' : ''}
          </dd>
        </dl>
      ) : (
        <p className="lib-muted" style={{ margin: 0 }}>
          Not connected yet.{editable ? ' Choose how Librarian reads Confluence, then connect.' : ''}
        </p>
      )}
      {showForm ? (
        <div className="lib-stack-md" style={{ marginTop: 'var(--lib-space-200)' }}>
          <RadioGroup legend="Read Confluence as" value={identity} options={IDENTITIES} onChange={setIdentity} disabled={action.busy} />
          <div className="lib-actions">
            <Button appearance="primary" onClick={connect} isLoading={action.busy}>
              {source ? 'Save identity' : 'Connect Confluence'}
            </Button>
            {source ? (
              <Button appearance="subtle" onClick={() => setChanging(false)}>
                Cancel
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
      {action.error ? (
        <div style={{ marginTop: 'var(--lib-space-150)' }}>
          <Banner appearance="error" title="Confluence was not connected">
            {action.error}
          </Banner>
        </div>
      ) : null}
    </Section>
  );
}
