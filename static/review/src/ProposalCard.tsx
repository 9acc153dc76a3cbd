import { useId, useState } from 'react';
import { Banner, Button, Lozenge, SiteLink } from '../../shared';
import { reviewApi, type ProposalView } from './api';

const ORIGIN_LABELS: Record<string, string> = { agent: 'Agent', 'code-change': 'Code change', document: 'Document', person: 'Person' };
const STATE_APPEARANCE = { pending: 'new', applied: 'success', declined: 'removed', conflict: 'moved', superseded: 'default' } as const;

function when(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A word-level diff as text: removed words struck through, added ones underlined, never as HTML. */
export function Diff({ parts }: { parts: ProposalView['changes'][number]['diff'] }) {
  return (
    <p className="rv-diff" data-testid="diff">
      {parts.map((part, i) =>
        part.kind === 'added' ? (
          <ins key={i} className="rv-diff__added">{part.text}</ins>
        ) : part.kind === 'removed' ? (
          <del key={i} className="rv-diff__removed">{part.text}</del>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

export interface ProposalCardProps {
  proposal: ProposalView;
  /** Shown in the space queue: the page the proposal is for, with a link. */
  page?: { title: string; url: string };
  onChanged: (message: string) => void;
}

type Mode = { kind: 'view' } | { kind: 'edit'; text: string } | { kind: 'decline'; note: string };

/** One proposal: what changes (diff), why (reason and links), who proposed it, and Approve / Edit / Decline. */
export function ProposalCard({ proposal, page, onChanged }: ProposalCardProps) {
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmComments, setConfirmComments] = useState<string | null>(null);
  const headingId = useId();
  const editable = proposal.changes.length === 1 ? proposal.changes[0]!.editable : undefined;

  async function approve(editedText?: string, confirmCommentLoss = false) {
    setBusy(true);
    setError(null);
    const result = await reviewApi.approve({ proposalId: proposal.id, editedText, confirmCommentLoss });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    const { outcome } = result.value;
    if (outcome.kind === 'confirm-comments') return setConfirmComments(outcome.message);
    if (outcome.kind === 'applied' || outcome.kind === 'unchanged') return onChanged(outcome.message);
    setError(outcome.message);
    onChanged(outcome.message);
  }

  async function decline(note: string) {
    setBusy(true);
    setError(null);
    const result = await reviewApi.decline({ proposalId: proposal.id, note: note || undefined });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    onChanged('Declined.');
  }

  return (
    <article className="rv-card" aria-labelledby={headingId} data-testid="proposal" data-proposal-id={proposal.id}>
      <header className="rv-card__header">
        <h3 id={headingId} className="rv-card__title">
          {/* In the space's Review queue a page title goes to the page in this tab, as a Confluence page link does. */}
          {page ? (
            <SiteLink url={page.url} opens="same-tab">
              {page.title}
            </SiteLink>
          ) : (
            proposal.changes.map((c) => c.label).join(', ')
          )}
        </h3>
        <Lozenge appearance={STATE_APPEARANCE[proposal.state]}>{proposal.state}</Lozenge>
      </header>
      <p className="rv-card__meta">
        {ORIGIN_LABELS[proposal.origin.kind] ?? proposal.origin.kind}
        {proposal.origin.name ? ` · ${proposal.origin.name}` : ''} · proposed by {proposal.authorName} · {when(proposal.createdAt)} · against version {proposal.baseVersion}
        {proposal.modelWritten ? <strong data-testid="model-draft"> · model draft: check every word</strong> : ''}
      </p>
      <p className="rv-card__reason" data-testid="reason">{proposal.reason.text}</p>
      {proposal.reason.links.length ? (
        <ul className="rv-card__links">
          {proposal.reason.links.map((link) => (
            <li key={link.url}>
              {/* A pull request or commit is elsewhere: a new tab keeps the proposal being reviewed on screen. */}
              <SiteLink url={link.url} opens="new-tab">
                {link.label ?? `${link.kind === 'pr' ? 'Pull request' : link.kind === 'commit' ? 'Commit' : 'Link'}: ${link.url}`}
              </SiteLink>
            </li>
          ))}
        </ul>
      ) : null}
      {proposal.changes.map((change, i) => (
        <section key={i} className="rv-change" aria-label={change.label}>
          <h4 className="rv-change__label">{change.label}</h4>
          <Diff parts={change.diff} />
        </section>
      ))}
      {proposal.stateReason ? <Banner appearance={proposal.state === 'conflict' ? 'warning' : 'info'} title={proposal.state === 'conflict' ? 'Conflict' : 'Note'}>{proposal.stateReason}</Banner> : null}
      {error ? <Banner appearance="error" title="Not applied">{error}</Banner> : null}
      {confirmComments ? (
        <Banner appearance="warning" title="Inline comments would lose their place" actions={<Button appearance="danger" isLoading={busy} onClick={() => approve(mode.kind === 'edit' ? mode.text : undefined, true)}>Approve anyway</Button>}>
          {confirmComments}
        </Banner>
      ) : null}
      {proposal.canAct ? (
        mode.kind === 'edit' ? (
          <div className="rv-edit">
            <label className="rv-edit__label" htmlFor={`${headingId}-edit`}>New text</label>
            <textarea id={`${headingId}-edit`} className="rv-edit__text" rows={6} value={mode.text} onChange={(e) => setMode({ kind: 'edit', text: e.target.value })} />
            <div className="rv-actions">
              <Button appearance="primary" isLoading={busy} onClick={() => approve(mode.text)}>Approve edited text</Button>
              <Button appearance="subtle" onClick={() => setMode({ kind: 'view' })}>Cancel</Button>
            </div>
          </div>
        ) : mode.kind === 'decline' ? (
          <div className="rv-edit">
            <label className="rv-edit__label" htmlFor={`${headingId}-note`}>Reason for declining (optional)</label>
            <textarea id={`${headingId}-note`} className="rv-edit__text" rows={2} value={mode.note} onChange={(e) => setMode({ kind: 'decline', note: e.target.value })} />
            <div className="rv-actions">
              <Button appearance="danger" isLoading={busy} onClick={() => decline(mode.note)}>Decline proposal</Button>
              <Button appearance="subtle" onClick={() => setMode({ kind: 'view' })}>Cancel</Button>
            </div>
          </div>
        ) : (
          <div className="rv-actions">
            <Button appearance="primary" isLoading={busy} onClick={() => approve()}>Approve</Button>
            {editable !== undefined ? <Button onClick={() => setMode({ kind: 'edit', text: editable })}>Edit</Button> : null}
            <Button appearance="subtle" onClick={() => setMode({ kind: 'decline', note: '' })}>Decline</Button>
          </div>
        )
      ) : proposal.state === 'pending' ? (
        <p className="rv-card__readonly" data-testid="read-only">You can read this page but not edit it, so you cannot approve or decline updates to it.</p>
      ) : null}
    </article>
  );
}
