/** The sandbox's MCP endpoint for the app's `rovo:mcp` tools: mount `createMcpHandler(options)` on a node:http server. */
export { createMcpHandler, type AuthenticateFn, type InvokeActionFn, type McpHandlerOptions } from './handler';
export { readMcpManifest, actionInputSchema, type McpManifest, type McpTool, type ToolInputSchema } from './manifest-tools';
