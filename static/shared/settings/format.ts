/** Wording and number formats shared by the settings pages. */

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "3 minutes ago", "yesterday", "just now": for times close to now, where the exact time matters less. */
export function relativeTime(at: number, now: number): string {
  const diff = at - now;
  if (Math.abs(diff) < 45_000) return 'just now';
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'minute') return format.format(Math.round(diff / ms), unit);
  }
  return format.format(Math.round(diff / 60_000), 'minute');
}

/** The full local date and time, for tooltips and `<time>` titles. */
export function absoluteTime(at: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat().format(n);
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "1,250 of about 4,000 pages indexed so far", or without the total when the crawl does not know it. */
export function syncCount(status: { pagesIndexed: number; pagesExpected?: number }): string {
  const total = status.pagesExpected && status.pagesExpected >= status.pagesIndexed ? status.pagesExpected : undefined;
  return total !== undefined
    ? `${formatCount(status.pagesIndexed)} of about ${formatCount(total)} pages indexed so far`
    : `${status.pagesIndexed === 1 ? '1 page' : `${formatCount(status.pagesIndexed)} pages`} indexed so far`;
}
