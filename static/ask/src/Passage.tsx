import type { Answer } from './api';
import { SiteLink } from '../../shared';
import { highlightSegments } from './text';

type Citation = Answer['citations'][number];

/** One passage from a page: its answering sentences in <mark>, then the numbers of the citations it stands on. */
export function Passage({ passage, citations }: { passage: Answer['passages'][number]; citations: Map<number, Citation> }) {
  const sources = passage.citations.map((n) => citations.get(n)).filter((c): c is Citation => c !== undefined);
  const first = sources[0];
  return (
    <li className="ask-passage">
      <blockquote className="ask-passage__text">
        {highlightSegments(passage.text, passage.highlights).map((segment, i) =>
          segment.highlighted ? (
            <mark key={i} className="ask-mark">
              {segment.text}
            </mark>
          ) : (
            <span key={i}>{segment.text}</span>
          ),
        )}
      </blockquote>
      {first ? (
        <p className="ask-passage__source">
          <span className="ask-passage__from">
            {first.title}
            {first.headingPath.length ? ` › ${first.headingPath.join(' › ')}` : ''}
          </span>
          <CitationMarks sources={sources} raised={false} />
        </p>
      ) : null}
    </li>
  );
}

/** Citation numbers, each a link to its page section; superscript inside running text. */
export function CitationMarks({ sources, raised = true }: { sources: Citation[]; raised?: boolean }) {
  return (
    <span className="ask-cites">
      {sources.map((c) => {
        const link = (
          <SiteLink className="ask-cite" url={c.url} opens="new-tab" label={`Source ${c.n}: ${c.title}`}>
            {c.n}
          </SiteLink>
        );
        return raised ? <sup key={c.n}>{link}</sup> : <span key={c.n}>{link}</span>;
      })}
    </span>
  );
}
