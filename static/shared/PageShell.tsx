import type { ReactNode } from 'react';
import { Banner, Button, EmptyState, Spinner } from './components';
import type { StatusResponse } from './status';
import { useResolver } from './useResolver';

export interface PageShellProps {
  title: string;
  /** One or two sentences on what this page is for. */
  description: string;
  /** Tighter padding for inline dialogs and macros. */
  compact?: boolean;
  /** The page body once status has loaded; defaults to a "coming soon" state. */
  children?: (status: StatusResponse) => ReactNode;
}

/**
 * The frame every Librarian UI renders: title, description and the signed-in account from `getStatus`, with
 * loading and error states. All text is rendered as React text nodes, never as HTML.
 */
export function PageShell({ title, description, compact = false, children }: PageShellProps) {
  const { state, retry } = useResolver<StatusResponse>('getStatus');
  return (
    <main className={compact ? 'lib-page lib-page--compact' : 'lib-page'}>
      <header className="lib-page__header">
        <h1 className="lib-page__title">{title}</h1>
        <p className="lib-page__description">{description}</p>
        {state.status === 'ready' ? (
          <p className="lib-page__account" data-testid="account">
            {/* A name, never a raw account id: an id tells a person nothing and is not meant to be shown. */}
            {state.data.displayName ? `Signed in as ${state.data.displayName}` : state.data.accountId ? 'Signed in' : 'Not signed in'}
          </p>
        ) : null}
      </header>
      {state.status === 'loading' ? <Spinner label="Loading Librarian…" /> : null}
      {state.status === 'error' ? (
        <Banner
          appearance="error"
          title="Librarian could not load"
          actions={<Button onClick={retry}>Try again</Button>}
        >
          {state.message}
        </Banner>
      ) : null}
      {state.status === 'ready'
        ? (children?.(state.data) ?? (
            <EmptyState
              header="Coming soon"
              description="This part of Librarian is being built. Nothing here changes your Confluence site yet."
            />
          ))
        : null}
    </main>
  );
}
