import { createColors } from 'picocolors';

/**
 * How the CLI writes: JSON (`--json`: one document on stdout, nothing else) or text for people, with colour and
 * spinners only when stdout is a terminal (never in pipes, files or CI logs). Page and Confluence text is
 * printed as text; ANSI escape sequences inside it are removed so a page cannot drive the terminal.
 */
export interface Output {
  json: boolean;
  tty: boolean;
  colors: ReturnType<typeof createColors>;
  out(text: string): void;
  err(text: string): void;
}

export function makeOutput(json: boolean, streams: { stdout: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown }; stderr: { write(s: string): unknown } } = process): Output {
  const tty = !json && Boolean(streams.stdout.isTTY) && !process.env.NO_COLOR;
  return {
    json,
    tty,
    colors: createColors(tty),
    out: (text) => void streams.stdout.write(`${text}\n`),
    err: (text) => void streams.stderr.write(`${text}\n`),
  };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /\u001b\[[0-9;?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Text from a page or from Confluence, safe to print: no terminal control sequences. */
export function plain(text: unknown): string {
  return String(text ?? '').replace(CONTROL, '');
}
