/**
 * The `librarian` command's exit codes, the same for every command (documented in `librarian --help` and the
 * README), so scripts and agents can branch on them without reading the text.
 */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** Anything unexpected. */
  ERROR: 1,
  /** A bad command line or input: the tool said INVALID_INPUT, or a flag was wrong. */
  USAGE: 2,
  /** No token, or the endpoint refused it (expired, revoked, another site): run `librarian login`. */
  AUTH: 3,
  /** The page, section, Library or space does not exist, or the token's owner may not read it. */
  NOT_FOUND: 4,
  /** Librarian or Confluence is busy or unreachable, external agents are off, or the site is unlicensed. */
  UNAVAILABLE: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for a tool error code of the endpoint. */
export function exitFor(code: string | undefined): ExitCode {
  switch (code) {
    case 'INVALID_INPUT':
      return EXIT.USAGE;
    case 'UNAUTHENTICATED':
      return EXIT.AUTH;
    case 'NOT_FOUND':
      return EXIT.NOT_FOUND;
    case 'FORBIDDEN':
    case 'UNLICENSED':
    case 'BUSY':
    case 'UNAVAILABLE':
      return EXIT.UNAVAILABLE;
    default:
      return EXIT.ERROR;
  }
}

export const EXIT_CODES_HELP = `Exit codes: 0 ok, 1 unexpected error, 2 usage (bad flags or input), 3 auth (no or refused token), 4 not found, 5 unavailable (busy, offline, turned off, unlicensed).`;
