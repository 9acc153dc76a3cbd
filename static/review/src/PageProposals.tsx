import { useCallback, useEffect, useState } from 'react';
import { Banner, Button, EmptyState, Spinner } from '../../shared';
import { reviewApi, type PageProposalsResult } from './api';
import { ProposalCard } from './ProposalCard';

type State = { status: 'loading' } | { status: 'ready'; data: PageProposalsResult } | { status: 'error'; message: string };

/** The byline dialog: the page's pending (and conflicting) proposals, newest first. */
export function PageProposals() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(async () => {
    const result = await reviewApi.listPageProposals();
    if (!result.ok) setState({ status: 'error', message: result.message });
    else if (!Array.isArray(result.value?.proposals)) setState({ status: 'error', message: 'Librarian answered in a way this page does not understand.' });
    else setState({ status: 'ready', data: result.value });
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (state.status === 'loading') return <Spinner label="Loading proposed updates…" />;
  if (state.status === 'error') {
    return (
      <Banner appearance="error" title="Proposals could not load" actions={<Button onClick={() => { setState({ status: 'loading' }); void load(); }}>Try again</Button>}>
        {state.message}
      </Banner>
    );
  }
  const { proposals } = state.data;
  return (
    <div className="rv-list" data-testid="page-proposals">
      {notice ? <Banner appearance="success" title="Done">{notice}</Banner> : null}
      {proposals.length === 0 ? (
        <EmptyState header="No proposed updates" description="Nothing is waiting for review on this page." headingLevel={2} />
      ) : (
        <>
          <p className="rv-count" data-testid="pending-count">{proposals.filter((p) => p.state === 'pending').length} waiting for review</p>
          {proposals.map((proposal) => (
            <ProposalCard key={proposal.id} proposal={proposal} onChanged={(message) => { setNotice(message); void load(); }} />
          ))}
        </>
      )}
    </div>
  );
}
