import { useCallback, useEffect, useId, useState } from 'react';
import { Banner, Button, EmptyState, Spinner } from '../../shared';
import { reviewApi, type ProposalState, type SpaceQueue as Queue } from './api';
import { ProposalCard } from './ProposalCard';

const STATES: ProposalState[] = ['pending', 'conflict', 'applied', 'declined', 'superseded'];
const ORIGINS = [
  { value: 'agent', label: 'Agent' },
  { value: 'code-change', label: 'Code change' },
  { value: 'document', label: 'Document' },
  { value: 'person', label: 'Person' },
] as const;

type State = { status: 'loading' } | { status: 'ready'; data: Queue } | { status: 'error'; message: string };

/** The space page: the space's Review queue with filters by state, origin and page, newest first, with counts. */
export function SpaceQueue() {
  const [filters, setFilters] = useState<{ state: ProposalState; origin: string; pageId: string }>({ state: 'pending', origin: '', pageId: '' });
  const [state, setState] = useState<State>({ status: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const ids = { state: useId(), origin: useId(), page: useId() };
  const load = useCallback(async () => {
    setState({ status: 'loading' });
    const result = await reviewApi.listSpaceQueue({
      states: [filters.state],
      origins: filters.origin ? [filters.origin as never] : undefined,
      pageId: filters.pageId || undefined,
    });
    if (!result.ok) setState({ status: 'error', message: result.message });
    else if (!Array.isArray(result.value?.proposals)) setState({ status: 'error', message: 'Librarian answered in a way this page does not understand.' });
    else setState({ status: 'ready', data: result.value });
  }, [filters]);
  useEffect(() => {
    void load();
  }, [load]);
  const counts = state.status === 'ready' ? state.data.counts : undefined;
  const pages = state.status === 'ready' ? state.data.pages : [];
  return (
    <div className="rv-queue">
      <form className="rv-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <div className="rv-filter">
          <label htmlFor={ids.state}>State</label>
          <select id={ids.state} value={filters.state} onChange={(e) => setFilters({ ...filters, state: e.target.value as ProposalState })}>
            {STATES.map((s) => (
              <option key={s} value={s}>{s}{counts ? ` (${counts[s]})` : ''}</option>
            ))}
          </select>
        </div>
        <div className="rv-filter">
          <label htmlFor={ids.origin}>Origin</label>
          <select id={ids.origin} value={filters.origin} onChange={(e) => setFilters({ ...filters, origin: e.target.value })}>
            <option value="">Any origin</option>
            {ORIGINS.map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
        </div>
        <div className="rv-filter">
          <label htmlFor={ids.page}>Page</label>
          <select id={ids.page} value={filters.pageId} onChange={(e) => setFilters({ ...filters, pageId: e.target.value })}>
            <option value="">Any page</option>
            {pages.map((p) => (
              <option key={p.id} value={p.id}>{p.title}</option>
            ))}
          </select>
        </div>
      </form>
      {counts ? (
        <p className="rv-count" data-testid="queue-counts">
          {STATES.map((s) => `${counts[s]} ${s}`).join(' · ')}
        </p>
      ) : null}
      {notice ? <Banner appearance="success" title="Done">{notice}</Banner> : null}
      {state.status === 'loading' ? <Spinner label="Loading the review queue…" /> : null}
      {state.status === 'error' ? (
        <Banner appearance="error" title="The queue could not load" actions={<Button onClick={() => void load()}>Try again</Button>}>
          {state.message}
        </Banner>
      ) : null}
      {state.status === 'ready' && state.data.proposals.length === 0 ? (
        <EmptyState header={`No ${filters.state} proposals`} description="Proposals from agents, code changes and people appear here for review." />
      ) : null}
      {state.status === 'ready'
        ? state.data.proposals.map((p) => (
            <ProposalCard key={p.id} proposal={p} page={{ title: p.pageTitle, url: p.pageUrl }} onChanged={(message) => { setNotice(message); void load(); }} />
          ))
        : null}
    </div>
  );
}
