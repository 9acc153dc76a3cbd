import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolResult } from '../usecases';
import { AGENT_TOOLS, agentTool } from './tools';

/** Runs one tool for the caller of this MCP session; who the caller is was settled before the server was built. */
export type ToolRunner = (name: string, input: Record<string, unknown>) => Promise<ToolResult<object>>;

/**
 * The MCP view of a tool result: the data as structured content, and as text for clients that read only text.
 * read-page's text is the Markdown itself under a short header, not JSON-escaped Markdown (fewer tokens).
 * A refusal is a tool error (`isError`) whose text starts with its code, so an agent can act on it.
 */
export function toMcpResult(name: string, result: ToolResult<object>): CallToolResult {
  if (!result.ok) return { content: [{ type: 'text', text: `${result.error.code}: ${result.error.message}` }], structuredContent: result as unknown as Record<string, unknown>, isError: true };
  const data = result as unknown as Record<string, unknown>;
  if (name === 'read-page') {
    const page = data.page as { title: string; url: string; version: number };
    const header = `# ${page.title}\n\nSource: ${page.url} (version ${page.version})${data.section ? `, section "${String(data.section)}"` : ''}${data.truncated ? `; cut at ${String((data.markdown as string).length)} of ${String(data.totalChars)} characters` : ''}\n\n`;
    return { content: [{ type: 'text', text: header + String(data.markdown) }], structuredContent: data };
  }
  return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: data };
}

/**
 * An MCP server (the official SDK's low-level `Server`) listing the agent tools and calling them through
 * `run`. Build one per request: the endpoint is stateless (no session), as a Forge web trigger must be.
 *
 * ```ts
 * const server = agentMcpServer((name, input) => tools.run(name, input), '1.0.0');
 * await server.connect(transport);
 * ```
 */
export function agentMcpServer(run: ToolRunner, version: string): Server {
  const server = new Server({ name: 'librarian', version }, { capabilities: { tools: {} }, instructions: 'Librarian serves this Confluence site\'s Library: search-library, then read-page on the best hits; ask-library for a cited answer; propose-update to suggest a page change for Review (never written directly). Results cover only pages the token owner may read.' });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: AGENT_TOOLS.map((tool) => ({ name: tool.name, title: tool.title, description: tool.description, inputSchema: tool.inputSchema, annotations: tool.readOnly ? { readOnlyHint: true, openWorldHint: false } : { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = agentTool(request.params.name);
    if (!tool) return { content: [{ type: 'text', text: `NOT_FOUND: No tool named ${request.params.name.slice(0, 60)}; the tools are ${AGENT_TOOLS.map((t) => t.name).join(', ')}.` }], isError: true };
    const args = request.params.arguments;
    const input = args && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
    return toMcpResult(tool.name, await run(tool.name, input));
  });
  return server;
}
