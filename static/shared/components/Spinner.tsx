export interface SpinnerProps {
  /** Announced to screen readers and shown beside the spinner. */
  label?: string;
}

/** A loading indicator in a live region, so assistive technology hears what is loading. */
export function Spinner({ label = 'Loading' }: SpinnerProps) {
  return (
    <span className="lib-spinner" role="status" aria-live="polite">
      <span className="lib-spinner__circle" aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}
