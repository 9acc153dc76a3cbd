import { useCallback, useRef, useState } from 'react';
import { Banner, Button } from '../../shared';
import { AnswerView } from './AnswerView';
import { askApi, type Answer, type MacroContext } from './api';
import { AskForm } from './AskForm';
import { LibrarianIcon } from './LibrarianIcon';
import { useMacroContext } from './useMacroContext';

type AskState =
  | { status: 'idle' }
  | { status: 'asking'; question: string }
  | { status: 'answered'; answer: Answer }
  | { status: 'failed'; question: string; message: string };

/** The Ask macro: a question box that answers from the macro's Library with citations to pages and sections. */
export function App() {
  const { state, retry } = useMacroContext();
  const library = state.status === 'ready' ? state.context.library : undefined;
  return (
    <div className="ask" data-testid="ask-macro">
      <header className="ask__header">
        <LibrarianIcon />
        <h2 className="ask__title">Ask Librarian</h2>
        {library ? (
          <span className="ask__library" data-testid="library">
            {library.name}
          </span>
        ) : null}
      </header>
      {state.status === 'loading' ? (
        <p className="ask-loading" role="status">
          <span className="lib-spinner__circle" aria-hidden="true" />
          Loading…
        </p>
      ) : null}
      {state.status === 'error' ? (
        <Banner appearance="error" title="Librarian could not load" actions={<Button onClick={retry}>Try again</Button>}>
          {state.message}
        </Banner>
      ) : null}
      {state.status === 'ready' && !state.ui.licensed ? (
        <Banner appearance="warning" title="Librarian needs an active licence">
          Ask a Confluence admin to renew Librarian in Manage apps.
        </Banner>
      ) : null}
      {state.status === 'ready' && state.ui.licensed ? <Body context={state.context} /> : null}
    </div>
  );
}

function Body({ context }: { context: MacroContext }) {
  const library = context.library;
  if (!library) {
    return (
      <div className="ask-empty" data-testid="no-library">
        <h3 className="ask-answer__heading">Choose a Library in the macro settings</h3>
        <p className="ask-hint">
          {context.libraries.length
            ? 'Edit this macro and pick the Library it should answer from, and optionally some of its spaces.'
            : 'There is no Library on this site yet. A Confluence admin creates one in Confluence settings › Apps › Librarian.'}
        </p>
      </div>
    );
  }
  return (
    <>
      {context.chosenBy && context.chosenBy !== 'settings' ? <ChoiceNote libraryName={library.name} chosenBy={context.chosenBy} /> : null}
      <AskPanel libraryName={library.name} />
    </>
  );
}

/** Says which Library a macro without saved settings answers from, and why (src/core/library/default-library.ts). */
function ChoiceNote({ libraryName, chosenBy }: { libraryName: string; chosenBy: NonNullable<MacroContext['chosenBy']> }) {
  return (
    <p className="ask-hint" data-testid="library-choice">
      Answering from <strong>{libraryName}</strong>
      {chosenBy === 'space' ? ', the Library that indexes this space.' : ', the only Library on this site.'} Edit this macro to choose
      another.
    </p>
  );
}

function AskPanel({ libraryName }: { libraryName: string }) {
  const [ask, setAsk] = useState<AskState>({ status: 'idle' });
  // Only the latest question's answer is shown; a slower earlier one is dropped.
  const latest = useRef(0);

  const run = useCallback(async (question: string) => {
    const ticket = ++latest.current;
    setAsk({ status: 'asking', question });
    const outcome = await askApi.ask(question);
    if (ticket !== latest.current) return;
    setAsk(outcome.ok ? { status: 'answered', answer: outcome.value } : { status: 'failed', question, message: outcome.message });
  }, []);

  return (
    <>
      <AskForm libraryName={libraryName} busy={ask.status === 'asking'} onAsk={(q) => void run(q)} />
      <div className="ask-result" aria-live="polite" aria-busy={ask.status === 'asking'} data-testid="result">
        {ask.status === 'asking' ? (
          <p className="ask-loading">
            <span className="lib-spinner__circle" aria-hidden="true" />
            Searching {libraryName}…
          </p>
        ) : null}
        {ask.status === 'failed' ? (
          <Banner
            appearance="error"
            title="Librarian could not answer"
            actions={<Button onClick={() => void run(ask.question)}>Try again</Button>}
          >
            {ask.message}
          </Banner>
        ) : null}
        {ask.status === 'answered' ? <AnswerView answer={ask.answer} /> : null}
      </div>
    </>
  );
}
