export interface ProgressBarProps {
  /** 0..1; omit for an indeterminate bar. */
  value?: number;
  /** What is progressing, read out by screen readers. */
  label: string;
}

/** A progress bar exposed as role=progressbar with its percentage. */
export function ProgressBar({ value, label }: ProgressBarProps) {
  const known = typeof value === 'number' && Number.isFinite(value);
  const percent = known ? Math.round(Math.min(1, Math.max(0, value)) * 100) : undefined;
  return (
    <div
      className="lib-progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div
        className={known ? 'lib-progress__bar' : 'lib-progress__bar lib-progress__bar--indeterminate'}
        style={known ? { width: `${percent}%` } : undefined}
      />
    </div>
  );
}
