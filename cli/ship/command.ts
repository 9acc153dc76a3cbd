/**
 * `librarian ship`: sends the change of a CI run to the Library's ship endpoint (a Forge web trigger), signed with
 * the Library's CI secret. The agents CLI registers it with `program.addCommand(shipCommand())`.
 *
 *   LIBRARIAN_CI_SECRET=… librarian ship --url https://…/x1/abc --library lib1 [--base REV] [--head REV] [--link URL]
 *   librarian ship --print                 the change as JSON, nothing sent
 *
 * The secret is read from LIBRARIAN_CI_SECRET only (never a flag, so it stays out of process lists and CI logs).
 * Exit codes: 0 accepted (202), 1 refused or unreachable (after retries when busy), 2 bad input (not a git
 * repository, unknown revision).
 */
import { Command } from 'commander';
import { signShipRequest } from '../../src/core/ship';
import { withDocuments } from './documents';
import { readGitChange } from './git';

export interface ShipIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch: typeof fetch;
  /** Where the exit code goes (process.exitCode by default). */
  exit: (code: number) => void;
  /** How the command waits before sending again (default: a timer; tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Pauses before sending again when the endpoint is busy (503: the site's storage quota of the minute is spent,
 * 429, 502, 504) or did not answer: each attempt is signed afresh (a new nonce and time), so a retry is never
 * taken for a replay, and the same change is queued once however often it arrives (the endpoint dedupes it).
 */
export const SHIP_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 15_000];
const RETRYABLE = new Set([429, 502, 503, 504]);

/** The process's own streams, environment and exit code. */
export const defaultShipIo = (): ShipIo => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  cwd: process.cwd(),
  fetch: (...args) => fetch(...args),
  exit: (code) => void (process.exitCode = code),
});

export function shipCommand(io: ShipIo = defaultShipIo()): Command {
  return new Command('ship')
    .description('send the change between two revisions to the Library, which finds the pages it makes wrong')
    .option('--base <rev>', "base revision (default: the head's first parent)")
    .option('--head <rev>', 'head revision', 'HEAD')
    .option('--url <url>', 'the Library ship endpoint (default: LIBRARIAN_SHIP_URL)')
    .option('--library <id>', 'the Library id (default: LIBRARIAN_LIBRARY)')
    .option('--link <url>', 'link to the commit or pull request (default: GitHub Actions commit URL when set)')
    .option('--print', 'print the change as JSON and send nothing')
    .action(async (options: { base?: string; head: string; url?: string; library?: string; link?: string; print?: boolean }) => {
      const env = io.env;
      const link = options.link ?? (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/commit/${env.GITHUB_SHA}` : undefined);
      let change;
      let shipped;
      try {
        const read = (maxBytes?: number) => readGitChange({ cwd: io.cwd, head: options.head, ...(options.base ? { base: options.base } : {}), ...(link ? { link } : {}), ...(maxBytes ? { maxBytes } : {}) });
        change = read();
        // Documents mapped in librarian.yml that this change touched go with it (cli/ship/documents.ts).
        shipped = withDocuments(change, { cwd: io.cwd, rebuild: read });
        change = shipped.change;
      } catch (error) {
        io.err(`ship: ${(error as Error).message}`);
        return io.exit(2);
      }
      for (const note of shipped.notes) io.err(`ship: ${note}`);
      const body = shipped.body;
      if (options.print) {
        const documents = shipped.documents.map((d) => ({ path: d.path, target: d.target, bytes: Buffer.byteLength(d.markdown, 'utf8') }));
        io.out(JSON.stringify(documents.length ? { ...change, documents } : change, null, 2));
        return io.exit(0);
      }
      const url = options.url ?? env.LIBRARIAN_SHIP_URL;
      const libraryId = options.library ?? env.LIBRARIAN_LIBRARY;
      const secret = env.LIBRARIAN_CI_SECRET;
      if (!url || !libraryId || !secret) {
        io.err('ship: needs --url (or LIBRARIAN_SHIP_URL), --library (or LIBRARIAN_LIBRARY) and LIBRARIAN_CI_SECRET');
        return io.exit(2);
      }
      const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
      let status = 0;
      for (let attempt = 0; ; attempt += 1) {
        let failure: string | undefined;
        try {
          const response = await io.fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signShipRequest({ libraryId, secret, body }) } });
          status = response.status;
          if (RETRYABLE.has(status)) failure = status === 503 || status === 429 ? 'the Library is busy' : `the endpoint answered HTTP ${status}`;
        } catch (error) {
          failure = `the endpoint did not answer (${(error as Error).message})`;
        }
        if (!failure) break;
        const pause = SHIP_RETRY_DELAYS_MS[attempt];
        if (pause === undefined) {
          io.err(`ship: ${failure}; gave up after ${attempt + 1} attempts (run the job again later: the same change is queued once)`);
          return io.exit(1);
        }
        io.err(`ship: ${failure}; sending again in ${pause / 1000} s`);
        await sleep(pause);
      }
      const summary = `${change.files.length} files, ${change.symbols.length} names, ${change.subjects.length} commits${shipped.documents.length ? `, ${shipped.documents.length} Documents` : ''}${change.cut.length ? ' (summarised: see --print)' : ''}`;
      if (status === 202) {
        io.out(`ship: accepted ${change.base}..${change.head}: ${summary}`);
        return io.exit(0);
      }
      const why = status === 401 ? 'refused: check the Library id and LIBRARIAN_CI_SECRET (a rotated secret is refused), and the CI clock' : status === 413 ? 'refused: the change is too large' : `refused with HTTP ${status}`;
      io.err(`ship: ${why}`);
      return io.exit(1);
    });
}
