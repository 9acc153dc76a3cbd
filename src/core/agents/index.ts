/** Agents outside Atlassian: agent tokens, the site's agent settings, token-owner page access and the MCP server. */
export * from './tokens';
export * from './settings';
export * from './owner-access';
export * from './tools';
export * from './mcp-server';
export * from './endpoint';
export * from './rate-limit';
export * from './setup';
