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
