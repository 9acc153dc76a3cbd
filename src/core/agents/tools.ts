import { askLibrary, listLibraries, readPage, searchLibrary, type AgentDeps, type Asker, type ToolResult } from '../usecases';

/** JSON Schema of a tool's arguments, as an MCP client sees it (flat primitives, as Rovo actions take them). */
export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, { type: 'string' | 'integer' | 'number' | 'boolean'; title?: string; description?: string }>;
  required?: string[];
  additionalProperties: false;
}

export interface AgentTool {
  name: 'search-library' | 'read-page' | 'ask-library' | 'list-libraries';
  title: string;
  description: string;
  inputSchema: ToolInputSchema;
  run(deps: AgentDeps, asker: Asker, input: Record<string, unknown>): Promise<ToolResult<object>>;
}

/**
 * The read tools served to external agents, described as the manifest's `action` modules describe them to Rovo
 * (a test keeps the two in step). One implementation each, in src/core/usecases.
 */
export const AGENT_TOOLS: readonly AgentTool[] = [
  {
    name: 'search-library',
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
    title: 'List Libraries',
    description: 'Lists the Libraries the caller may query, with their spaces and how fresh their index is.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    run: listLibraries,
  },
];

export function agentTool(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}
