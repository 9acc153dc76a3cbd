/**
 * Wall-clock time in an IANA zone, via Intl: CQL date literals are read in the site's time zone
 * (CONFLUENCE: CONFCLOUD-70966), so "2026-04-05 02:30" in Pacific/Auckland is a different instant before and
 * after a DST change.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at `epochMs`, in ms (positive east of Greenwich). */
export function zoneOffset(epochMs: number, zone: string): number {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant a local wall time names in `zone`, resolved like java.time (which Confluence runs on): in an
 * overlap (clocks going back) the earlier instant; in a gap (clocks going forward) shifted forward by the gap.
 */
export function localToEpoch(zone: string, y: number, mo: number, d: number, h = 0, mi = 0): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const DAY = 86_400_000;
  const before = zoneOffset(wall - DAY, zone);
  const after = zoneOffset(wall + DAY, zone);
  const valid = [wall - before, wall - after].filter((c) => c + zoneOffset(c, zone) === wall);
  if (valid.length) return Math.min(...valid);
  return wall - before;
}

/** Wall time in `zone` as "yyyy-MM-dd HH:mm". */
export function formatLocal(epochMs: number, zone: string): string {
  const p = Object.fromEntries(formatter(zone).formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
