import { Fragment, useMemo } from 'react';
import type { Answer } from './api';
import { CitationList } from './CitationList';
import { CitationMarks, Passage } from './Passage';
import { paragraphs, synthesisParts } from './text';

type Citation = Answer['citations'][number];

/** "Searched in <Library> · spaces ENG, SRE": what the answer was drawn from. */
export function SearchedLine({ searched }: { searched: Answer['searched'] }) {
  return (
    <p className="ask-searched" data-testid="searched">
      Searched in <strong>{searched.libraryName}</strong>
      {' · '}
      {searched.spaceKeys.length ? `${searched.spaceKeys.length === 1 ? 'space' : 'spaces'} ${searched.spaceKeys.join(', ')}` : 'no spaces yet'}
    </p>
  );
}

/**
 * The answer to one question. `nothing` says so plainly (never an invented answer). A synthesis shows the model's
 * text with its [n] markers as links, then the passages it stands on; an extractive answer shows the passages.
 */
export function AnswerView({ answer }: { answer: Answer }) {
  const byNumber = useMemo(() => new Map<number, Citation>(answer.citations.map((c) => [c.n, c])), [answer.citations]);

  if (answer.kind === 'nothing' || answer.passages.length === 0) {
    return (
      <div className="ask-answer ask-answer--nothing" data-testid="answer">
        <h3 className="ask-answer__heading">Nothing in {answer.searched.libraryName} answers this</h3>
        <p className="ask-hint">
          Try asking with the words the pages would use, or ask a Confluence admin to add the spaces that cover this to{' '}
          {answer.searched.libraryName}.
        </p>
        <SearchedLine searched={answer.searched} />
      </div>
    );
  }

  const synthesis = answer.mode === 'synthesis' ? answer.synthesis : undefined;
  return (
    <div className="ask-answer" data-testid="answer">
      {synthesis ? (
        <section aria-labelledby="ask-answer-heading">
          <h3 id="ask-answer-heading" className="ask-answer__heading">
            Answer
          </h3>
          <div className="ask-synthesis" data-testid="synthesis">
            {paragraphs(synthesis.text).map((paragraph, i) => (
              <p key={i}>
                {synthesisParts(paragraph, new Set(byNumber.keys())).map((part, j) =>
                  part.kind === 'text' ? (
                    <Fragment key={j}>{part.text}</Fragment>
                  ) : (
                    <CitationMarks key={j} sources={[byNumber.get(part.n) as Citation]} />
                  ),
                )}
              </p>
            ))}
          </div>
          {synthesis.removedCitations > 0 ? (
            <p className="ask-note">
              {synthesis.removedCitations === 1
                ? 'One citation the model gave did not match the pages and was removed.'
                : `${synthesis.removedCitations} citations the model gave did not match the pages and were removed.`}
            </p>
          ) : null}
        </section>
      ) : null}
      {answer.synthesisFallback ? <p className="ask-note" data-testid="fallback">{answer.synthesisFallback}</p> : null}
      <section aria-labelledby="ask-passages-heading">
        <h3 id="ask-passages-heading" className={synthesis ? 'ask-answer__subheading' : 'ask-answer__heading'}>
          {synthesis ? 'From the pages' : 'What the pages say'}
        </h3>
        <ol className="ask-passages">
          {answer.passages.map((passage, i) => (
            <Passage key={i} passage={passage} citations={byNumber} />
          ))}
        </ol>
      </section>
      <section aria-labelledby="ask-sources-heading">
        <h3 id="ask-sources-heading" className="ask-answer__subheading">
          Sources
        </h3>
        <CitationList citations={answer.citations} />
      </section>
      <SearchedLine searched={answer.searched} />
    </div>
  );
}
