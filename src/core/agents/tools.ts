import { askLibrary, listLibraries, proposeUpdateTool, readPage, searchLibrary, type AgentDeps, type Asker, type ToolResult } from '../usecases';

/** JSON Schema of a tool's arguments, as an MCP client sees it (flat primitives, as Rovo actions take them). */
export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, { type: 'string' | 'integer' | 'number' | 'boolean'; title?: string; description?: string }>;
  required?: string[];
  additionalProperties: false;
}

export interface AgentTool {
  name: 'search-library' | 'read-page' | 'ask-library' | 'list-libraries' | 'propose-update';
  title: string;
  /** False for propose-update: it stores a proposal (never the page itself). */
  readOnly: boolean;
  description: string;
  inputSchema: ToolInputSchema;
  run(deps: AgentDeps, asker: Asker, input: Record<string, unknown>): Promise<ToolResult<object>>;
}

/**
 * The tools served to external agents (four read tools and propose-update), described as the manifest's `action` modules describe them to Rovo
 * (a test keeps the two in step). One implementation each, in src/core/usecases.
 */
export const AGENT_TOOLS: readonly AgentTool[] = [
  {
    name: 'search-library',
    readOnly: true,
    title: 'Search the Library',
    description: 'Searches the Library for pages and sections that match a query. Returns trimmed Markdown snippets with stable citations (page id, title, section, link).',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', title: 'Query', description: 'What to look for, in plain words.' },
        library: { type: 'string', title: 'Library', description: 'Id of the Library to search; the default Library when omitted. See list-libraries.' },
        space: { type: 'string', title: 'Space key', description: 'Only return results from this Confluence space (its key, for example ENG).' },
        limit: { type: 'integer', title: 'Limit', description: 'Most results to return (1-20, default 8).' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    run: searchLibrary,
  },
  {
    name: 'read-page',
    readOnly: true,
    title: 'Read a page',
    description: 'Reads one Confluence page from the Library as clean Markdown, whole or one section, with its title, version and link.',
    inputSchema: {
      type: 'object',
      properties: {
        pageId: { type: 'string', title: 'Page id', description: 'The Confluence page id, as returned in a citation, or the page URL.' },
        section: { type: 'string', title: 'Section', description: 'Heading of the one section to return; the whole page when omitted.' },
        maxChars: { type: 'integer', title: 'Most characters', description: 'Trim the Markdown to at most this many characters (default 12000).' },
      },
      required: ['pageId'],
      additionalProperties: false,
    },
    run: readPage,
  },
  {
    name: 'ask-library',
    readOnly: true,
    title: 'Ask the Library',
    description: 'Answers a question from the Library, quoting the pages it used with citations to the exact pages and sections.',
    inputSchema: {
      type: 'object',
      properties: {
        question: { type: 'string', title: 'Question', description: 'The question, in plain words.' },
        library: { type: 'string', title: 'Library', description: 'Id of the Library to ask; the default Library when omitted.' },
      },
      required: ['question'],
      additionalProperties: false,
    },
    run: askLibrary,
  },
  {
    name: 'list-libraries',
    readOnly: true,
    title: 'List Libraries',
    description: 'Lists the Libraries the caller may query, with their spaces and how fresh their index is.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    run: listLibraries,
  },
  {
    name: 'propose-update',
    readOnly: false,
    title: 'Propose a page update',
    description: 'Proposes an update to a Confluence page, for example after a code change. It never writes the page; the proposal waits in Review, where an editor approves, edits or declines it. Answers the proposal id and a link.',
    inputSchema: {
      type: 'object',
      properties: {
        pageId: { type: 'string', title: 'Page id', description: 'The Confluence page to update: its id, as returned in a citation, or its URL.' },
        change: { type: 'string', title: 'What changed', description: 'What changed and what the page should now say (for example the shipped change and its effect).' },
        replacement: { type: 'string', title: 'Replacement text', description: 'Markdown for the new content of the section, or the new text for the target text; with operation insert-after, the Markdown to insert. Not given with operation delete.' },
        section: { type: 'string', title: 'Section', description: 'Heading of the section to replace, insert after or delete (give this or target).' },
        target: { type: 'string', title: 'Target text', description: 'Exact text on the page to replace, such as a sentence or a line of a code block; with insert-after or delete, text of the block to insert after or delete (give this or section).' },
        operation: { type: 'string', title: 'Operation', description: 'What to do at the section or target. replace (the default), insert-after (add the replacement Markdown after it) or delete (remove the section with its heading, or the block holding the target text).' },
        link: { type: 'string', title: 'Link', description: 'A link to what changed, such as a commit or pull request URL.' },
        baseVersion: { type: 'integer', title: 'Base version', description: 'The page version the proposal was written against; a newer page is never overwritten.' },
      },
      required: ['pageId', 'change'],
      additionalProperties: false,
    },
    run: proposeUpdateTool,
  },
];

export function agentTool(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}
