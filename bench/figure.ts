/** One measured figure of `npm run bench`, as written to bench/results.json. */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** The same measure for a reference point, taken in the same run on the same input. */
  vs?: { name: string; value: number };
  /** How the figure was measured, in a few words. */
  note?: string;
}

/**
 * Refuses a figure that is not a finite number (NaN, Infinity, or not a number at all), naming it and its module:
 * JSON has no NaN, so writing one would store `null` and a broken measurement would pass for a result.
 *
 * @example
 *   assertFinite({ figure: 'edit_to_indexed_s_scan', value: Number.NaN, unit: 's' }, 'sync'); // throws
 */
export function assertFinite(figure: Figure, module: string): void {
  const bad = (value: unknown) => typeof value !== 'number' || !Number.isFinite(value);
  if (bad(figure.value)) {
    throw new Error(`bench module "${module}": figure ${figure.figure} is ${String(figure.value)}, not a finite number; bench/results.json was not written`);
  }
  if (figure.vs && bad(figure.vs.value)) {
    throw new Error(
      `bench module "${module}": figure ${figure.figure} has a reference "${figure.vs.name}" of ${String(figure.vs.value)}, not a finite number; bench/results.json was not written`,
    );
  }
}

/** What every module in bench/figures/ exports by default. */
export type FigureModule = () => Promise<Figure[]>;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
