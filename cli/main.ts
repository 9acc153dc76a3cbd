/**
 * `librarian`: the Library from a terminal, for people and for coding agents that prefer a command to MCP.
 *
 *   librarian login                 store the endpoint URL and an agent token (prompt, or LIBRARIAN_URL/LIBRARIAN_TOKEN)
 *   librarian libraries             the Libraries the token may query
 *   librarian search <query>        ranked sections with citations      [--space KEY] [--limit N]
 *   librarian ask <question>        a cited answer
 *   librarian page <id|url>         a page as Markdown                  [--section NAME] [--max-chars N]
 *   librarian propose <id|url>      propose a page update for Review    --section S | --target T, --markdown-file F|- | --delete, [--insert-after], --reason R [--link URL]
 *   librarian mcp                   a stdio MCP server bridging to the endpoint
 *   librarian setup claude|cursor|vscode   write that client's MCP config   [--http] [--global]
 *
 * Every command takes `--json`. Exit codes: see exit-codes.ts (also in `--help`).
 */
import { defaultShipIo, shipCommand } from './ship/command';
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { ApiUnavailable, LibrarianApi, type ApiAnswer } from './client';
import { configPath, readConfig, writeConfig } from './config';
import { EXIT, EXIT_CODES_HELP, exitFor, type ExitCode } from './exit-codes';
import { runMcpBridge } from './mcp-bridge';
import { makeOutput, plain, type Output } from './output';
import { writeClientSetup, type SetupClient } from './setup-clients';

const VERSION = '0.1.0';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

async function withSpinner<T>(output: Output, label: string, work: () => Promise<T>): Promise<T> {
  if (!output.tty) return work();
  const { spinner } = await import('@clack/prompts');
  const s = spinner();
  s.start(label);
  try {
    const result = await work();
    s.stop(label);
    return result;
  } catch (error) {
    s.stop(`${label}: failed`);
    throw error;
  }
}

/** Prints a refusal (text or JSON) and returns its exit code. */
function refused(output: Output, answer: Extract<ApiAnswer, { ok: false }>): ExitCode {
  if (output.json) output.out(JSON.stringify(answer));
  else output.err(`${output.colors.red(answer.error.code)}: ${plain(answer.error.message)}`);
  return exitFor(answer.error.code);
}

function printLibraries(output: Output, answer: Loose): void {
  for (const library of answer.libraries as Loose[]) {
    output.out(`${output.colors.bold(plain(library.name))} ${output.colors.dim(`(${plain(library.id)}, ${plain(library.visibility)})`)}`);
    output.out(`  spaces: ${(library.spaces as Loose[]).map((s) => plain(s.key)).join(', ') || 'none'}`);
    if (library.index) output.out(`  index: ${library.index.pages ?? '?'} pages, last scan ${plain(library.index.lastScanAt ?? 'not yet')}, ${plain(library.index.health)}`);
  }
  if (!answer.libraries.length) output.out('No Library you may query.');
}

function printSearch(output: Output, answer: Loose): void {
  if (!answer.results.length) output.out(`Nothing in ${plain(answer.library.name)} matches "${plain(answer.query)}".`);
  (answer.results as Loose[]).forEach((r, i) => {
    output.out(`${output.colors.bold(`${i + 1}. ${plain(r.title)}`)}${r.section ? ` › ${plain(r.section)}` : ''} ${output.colors.dim(`[${plain(r.pageId)}]`)}`);
    output.out(`   ${output.colors.cyan(plain(r.url))}`);
    output.out(`   ${plain(r.snippet)}`);
  });
}

function printAnswer(output: Output, answer: Loose): void {
  const a = answer.answer;
  if (a.kind === 'nothing') {
    output.out(`The Library has nothing on that (searched ${plain(a.searched.libraryName)}).`);
    return;
  }
  if (a.synthesis) output.out(plain(a.synthesis.text));
  else for (const passage of a.passages as Loose[]) output.out(`${plain(passage.text)} ${output.colors.dim(passage.citations.map((n: number) => `[${n}]`).join(''))}\n`);
  output.out('');
  for (const c of a.citations as Loose[]) output.out(`[${c.n}] ${plain(c.title)}${c.headingPath.length ? ` › ${plain(c.headingPath.join(' › '))}` : ''} ${output.colors.cyan(plain(c.url))}`);
}

function printPage(output: Output, answer: Loose): void {
  output.out(output.colors.bold(`# ${plain(answer.page.title)}`));
  output.out(output.colors.dim(`${plain(answer.page.url)} · version ${answer.page.version}${answer.section ? ` · section "${plain(answer.section)}"` : ''}`));
  output.out('');
  output.out(plain(answer.markdown));
  if (answer.truncated) output.err(`(cut at ${answer.markdown.length} of ${answer.totalChars} characters; use --max-chars or --section)`);
}

function printProposal(output: Output, answer: Loose): void {
  output.out(`${output.colors.green('Proposed')} ${plain(answer.proposalId)} for "${plain(answer.page.title)}" (${plain(answer.state)}).`);
  output.out(`Review it at ${output.colors.cyan(plain(answer.reviewUrl))}`);
  if (answer.superseded.length) output.out(output.colors.dim(`It supersedes ${(answer.superseded as string[]).map(plain).join(', ')}.`));
}

/** Runs one tool and prints its answer; returns the exit code. */
async function runTool(output: Output, name: string, input: Record<string, unknown>, print: (output: Output, answer: Loose) => void): Promise<ExitCode> {
  const api = new LibrarianApi(readConfig());
  const answer = await withSpinner(output, `Asking Librarian (${name})`, () => api.tool(name, input));
  if (!answer.ok) return refused(output, answer);
  if (output.json) output.out(JSON.stringify(answer));
  else print(output, answer);
  return EXIT.OK;
}

async function login(output: Output, options: { url?: string }): Promise<ExitCode> {
  const env = process.env;
  let url = options.url ?? env.LIBRARIAN_URL;
  let token = env.LIBRARIAN_TOKEN;
  if ((!url || !token) && process.stdin.isTTY && !output.json) {
    const prompts = await import('@clack/prompts');
    if (!url) {
      const value = await prompts.text({ message: 'Librarian endpoint URL (from the agent tokens page)', validate: (v) => (/^https?:\/\//.test(v ?? '') ? undefined : 'An http(s) URL') });
      if (prompts.isCancel(value)) return EXIT.USAGE;
      url = String(value);
    }
    if (!token) {
      const value = await prompts.password({ message: 'Agent token (lbr_...)', validate: (v) => (/^lbr_/.test(v ?? '') ? undefined : 'Tokens start with lbr_') });
      if (prompts.isCancel(value)) return EXIT.USAGE;
      token = String(value);
    }
  }
  if (!url || !token) {
    const message = 'login needs the endpoint URL (--url or LIBRARIAN_URL) and a token (LIBRARIAN_TOKEN, or a terminal to type it in).';
    if (output.json) output.out(JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message } }));
    else output.err(message);
    return EXIT.USAGE;
  }
  const answer = await withSpinner(output, 'Checking the token', () => new LibrarianApi({ url, token }).me());
  if (!answer.ok) return refused(output, answer);
  const path = writeConfig({ url, token });
  const me = answer as Loose;
  if (output.json) output.out(JSON.stringify({ ok: true, accountId: me.accountId, token: me.token, config: path }));
  else output.out(`${output.colors.green('Logged in')} as ${plain(me.accountId)}, token "${plain(me.token.name)}" for Library ${plain(me.token.libraryId)}, until ${plain(me.token.expiresAt)}. Saved to ${path} (readable only by you).`);
  return EXIT.OK;
}

/** Builds the program; `exitCode` is set by the action that ran. */
function program(state: { code: ExitCode }): Command {
  const cli = new Command('librarian')
    .description('Search, read and ask your Confluence Library from a terminal or a coding agent.')
    .version(VERSION)
    .addHelpText('after', `\n${EXIT_CODES_HELP}\nConfig: ${configPath()} (LIBRARIAN_URL and LIBRARIAN_TOKEN override it).`)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const json = { flags: '--json', description: 'print one JSON document (the tool result) and nothing else' };
  const act = (fn: (...args: Loose[]) => Promise<ExitCode>) => async (...args: Loose[]) => {
    state.code = await fn(...args);
  };

  cli.command('login').description('store the endpoint URL and an agent token (never printed)').option('--url <url>', 'the endpoint URL (LIBRARIAN_URL)').option(json.flags, json.description)
    .action(act(async (options) => login(makeOutput(Boolean(options.json)), options)));
  cli.command('libraries').description('the Libraries your token may query, their spaces and freshness').option(json.flags, json.description)
    .action(act(async (options) => runTool(makeOutput(Boolean(options.json)), 'list-libraries', {}, printLibraries)));
  cli.command('search').description('ranked sections with citations').argument('<query...>').option('--space <key>', 'only this space').option('--limit <n>', 'most results (1-20)').option('--library <id>', 'the Library (default: the token\'s)').option(json.flags, json.description)
    .action(act(async (words: string[], options) => runTool(makeOutput(Boolean(options.json)), 'search-library', { query: words.join(' '), ...(options.space ? { space: options.space } : {}), ...(options.limit ? { limit: options.limit } : {}), ...(options.library ? { library: options.library } : {}) }, printSearch)));
  cli.command('ask').description('a cited answer from the Library').argument('<question...>').option(json.flags, json.description)
    .action(act(async (words: string[], options) => runTool(makeOutput(Boolean(options.json)), 'ask-library', { question: words.join(' ') }, printAnswer)));
  cli.command('page').description('a page as Markdown').argument('<id-or-url>').option('--section <heading>', 'only this section').option('--max-chars <n>', 'cut the Markdown at this many characters').option(json.flags, json.description)
    .action(act(async (ref: string, options) => runTool(makeOutput(Boolean(options.json)), 'read-page', { pageId: ref, ...(options.section ? { section: options.section } : {}), ...(options.maxChars ? { maxChars: options.maxChars } : {}) }, printPage)));
  cli.command('mcp').description('serve the Library as an MCP server on stdio (bridges to the endpoint)')
    .action(act(async () => {
      const api = new LibrarianApi(readConfig());
      await runMcpBridge({ url: api.mcpUrl, token: api.token, version: VERSION });
      return EXIT.OK;
    }));
  cli.command('setup').description("write an MCP client's config: claude (.mcp.json), cursor (.cursor/mcp.json), vscode (.vscode/mcp.json)").argument('<client>', 'claude | cursor | vscode')
    .option('--http', 'connect the client straight to the endpoint (puts the token in the file) instead of through `librarian mcp`')
    .option('--global', 'cursor: write ~/.cursor/mcp.json').option(json.flags, json.description)
    .action(act(async (client: string, options) => {
      const output = makeOutput(Boolean(options.json));
      if (client !== 'claude' && client !== 'cursor' && client !== 'vscode') {
        output.err(`Unknown client ${plain(client)}: use claude, cursor or vscode.`);
        return EXIT.USAGE;
      }
      const config = readConfig();
      const api = new LibrarianApi(config);
      const path = writeClientSetup({ client: client as SetupClient, cwd: process.cwd(), http: Boolean(options.http), global: Boolean(options.global), endpoint: api.mcpUrl.replace(/\/mcp$/, ''), token: api.token });
      if (output.json) output.out(JSON.stringify({ ok: true, client, path, transport: options.http ? 'http' : 'stdio' }));
      else output.out(`${output.colors.green('Wrote')} ${path}: ${client} now ${options.http ? 'connects to the endpoint' : 'starts `librarian mcp`'}.`);
      return EXIT.OK;
    }));
  cli.command('propose').description('propose a page update for Review (never writes the page)').argument('<id-or-url>')
    .option('--section <heading>', 'replace this section (give this or --target)').option('--target <text>', 'replace this exact text on the page')
    .option('--markdown-file <path>', 'the new Markdown (or the new text for --target); - reads stdin').requiredOption('--reason <text>', 'what changed and why the page should change')
    .option('--insert-after', 'insert the Markdown after the section or the block holding --target, instead of replacing it')
    .option('--delete', 'delete the section (with its heading) or the block holding --target; takes no --markdown-file')
    .option('--link <url>', 'a link to the change (commit, pull request)').option('--base-version <n>', 'the page version the text was written against').option(json.flags, json.description)
    .action(act(async (ref: string, options) => {
      const output = makeOutput(Boolean(options.json));
      const usage = (message: string): ExitCode => {
        if (output.json) output.out(JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message } }));
        else output.err(message);
        return EXIT.USAGE;
      };
      if (Boolean(options.section) === Boolean(options.target)) return usage('Give exactly one of --section or --target.');
      if (options.insertAfter && options.delete) return usage('Give at most one of --insert-after or --delete.');
      if (options.delete && options.markdownFile) return usage('--delete takes no --markdown-file: it removes the section or the block.');
      if (!options.delete && !options.markdownFile) return usage('Give --markdown-file with the new Markdown (- reads stdin), or --delete.');
      let markdown: string | undefined;
      if (!options.delete) {
        try {
          markdown = readFileSync(options.markdownFile === '-' ? 0 : options.markdownFile, 'utf8');
        } catch {
          return usage(`Could not read ${options.markdownFile === '-' ? 'stdin' : plain(String(options.markdownFile))}.`);
        }
      }
      const input = {
        pageId: ref,
        change: options.reason,
        ...(markdown !== undefined ? { replacement: markdown } : {}),
        ...(options.delete ? { operation: 'delete' } : options.insertAfter ? { operation: 'insert-after' } : {}),
        ...(options.section ? { section: options.section } : {}),
        ...(options.target ? { target: options.target } : {}),
        ...(options.link ? { link: options.link } : {}),
        ...(options.baseVersion ? { baseVersion: options.baseVersion } : {}),
      };
      return runTool(output, 'propose-update', input, printProposal);
    }));
  // `librarian ship` (cli/ship): sends a signed code change to the Library's CI web trigger.
  cli.addCommand(shipCommand({ ...defaultShipIo(), exit: (code) => void (state.code = code as ExitCode) }));
  return cli;
}

/** Runs the CLI on `argv` (process.argv shape) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const state: { code: ExitCode } = { code: EXIT.OK };
  try {
    await program(state).parseAsync(argv);
    return state.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (error instanceof ApiUnavailable) {
      const json = argv.includes('--json');
      if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: error.code, message: error.message } })}\n`);
      else process.stderr.write(`${error.message}\n`);
      return exitFor(error.code);
    }
    throw error;
  }
}
