import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '../../shared';

/** The server reads at most this many characters (MAX_QUESTION_CHARS in src/core/answer/ask.ts). */
export const MAX_QUESTION_LENGTH = 1000;

export interface AskFormProps {
  libraryName: string;
  busy: boolean;
  onAsk: (question: string) => void;
}

/**
 * The question box: Enter asks, Shift+Enter starts a new line, a counter shows how much room is left. An empty
 * question is answered with a hint next to the box, not a disabled button, so keyboard users learn why.
 */
export function AskForm({ libraryName, busy, onAsk }: AskFormProps) {
  const id = useId();
  const [question, setQuestion] = useState('');
  const [invalid, setInvalid] = useState(false);
  const remaining = MAX_QUESTION_LENGTH - question.length;

  const submit = () => {
    if (busy) return;
    const trimmed = question.trim();
    if (!trimmed) {
      setInvalid(true);
      return;
    }
    onAsk(trimmed);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An IME composition uses Enter to pick a candidate; that must not send the question.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="ask-form" onSubmit={onSubmit} noValidate>
      <label className="lib-visually-hidden" htmlFor={`${id}-q`}>
        Question for {libraryName}
      </label>
      <textarea
        id={`${id}-q`}
        className="ask-form__input"
        rows={2}
        value={question}
        maxLength={MAX_QUESTION_LENGTH}
        placeholder={`Ask ${libraryName} a question…`}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-help ${id}-count${invalid ? ` ${id}-error` : ''}`}
        onChange={(event) => {
          setQuestion(event.target.value);
          if (invalid && event.target.value.trim()) setInvalid(false);
        }}
        onKeyDown={onKeyDown}
      />
      {invalid ? (
        <p id={`${id}-error`} className="ask-form__error" role="alert">
          Type a question first.
        </p>
      ) : null}
      <div className="ask-form__bar">
        <span id={`${id}-help`} className="ask-form__help">
          <kbd>Enter</kbd> to ask · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
        </span>
        <span id={`${id}-count`} className={remaining < 100 ? 'ask-form__count ask-form__count--low' : 'ask-form__count'}>
          <span aria-hidden="true">
            {question.length}/{MAX_QUESTION_LENGTH}
          </span>
          <span className="lib-visually-hidden">{remaining} characters left</span>
        </span>
        <Button type="submit" appearance="primary" isLoading={busy}>
          Ask
        </Button>
      </div>
    </form>
  );
}
