import type { Finding } from './types';

/** One check's outcome: its findings, or a note when it did not run (and why). */
export interface CheckOutcome {
  check: string;
  title: string;
  findings: Finding[];
  skipped?: string;
  seconds?: number;
}

/** Renders the outcomes as plain text, one line per check then one per finding; returns the text and the error count. */
export function formatReport(outcomes: CheckOutcome[]): { text: string; errors: number; warnings: number } {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const o of outcomes) {
    const e = o.findings.filter((f) => f.level === 'error').length;
    const w = o.findings.length - e;
    errors += e;
    warnings += w;
    const mark = o.skipped ? '-' : e > 0 ? 'FAIL' : 'ok';
    const time = o.seconds === undefined ? '' : ` (${o.seconds.toFixed(1)} s)`;
    const detail = o.skipped ? `skipped: ${o.skipped}` : `${e} error(s), ${w} warning(s)`;
    lines.push(`[${mark}] ${o.title}: ${detail}${time}`);
    for (const f of o.findings) lines.push(`    ${f.level}: ${f.message}${f.where ? `  (${f.where})` : ''}`);
  }
  lines.push(errors > 0 ? `check:forge failed: ${errors} error(s), ${warnings} warning(s)` : `check:forge passed (${warnings} warning(s))`);
  return { text: lines.join('\n'), errors, warnings };
}
