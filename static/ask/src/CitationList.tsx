import type { Answer } from './api';
import { SiteLink } from '../../shared';

/** The numbered sources: page title (a link to the section), space key and the section's heading path. */
export function CitationList({ citations }: { citations: Answer['citations'] }) {
  return (
    <ol className="ask-sources">
      {[...citations]
        .sort((a, b) => a.n - b.n)
        .map((c) => (
          <li key={c.n} className="ask-source" value={c.n}>
            <span className="ask-source__n" aria-hidden="true">
              {c.n}
            </span>
            <span className="ask-source__body">
              {/* A new tab, so the answer stays on screen beside the page it cites. */}
              <SiteLink className="ask-source__title" url={c.url} opens="new-tab">
                {c.title}
              </SiteLink>
              <span className="ask-source__meta">
                <span className="ask-source__space" title={`Space ${c.spaceKey}`}>
                  {c.spaceKey}
                </span>
                {c.headingPath.length ? <span className="ask-source__section">{c.headingPath.join(' › ')}</span> : null}
              </span>
            </span>
          </li>
        ))}
    </ol>
  );
}
