import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The JSON Schema an MCP client sees for a tool's arguments. */
export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, { type: string; title?: string; description?: string }>;
  required?: string[];
  additionalProperties: false;
}

/** One manifest `action` exposed through `rovo:mcp`, as an MCP tool. */
export interface McpTool {
  /** The action key: the tool's name. */
  name: string;
  title?: string;
  description: string;
  inputSchema: ToolInputSchema;
  /** The manifest function behind the action (for the host that invokes it). */
  functionKey: string;
}

export interface McpManifest {
  serverName: string;
  tools: McpTool[];
}

interface RawAction {
  key?: unknown;
  name?: unknown;
  description?: unknown;
  function?: unknown;
  inputs?: Record<string, { title?: unknown; description?: unknown; type?: unknown; required?: unknown }>;
}

const INPUT_TYPES = new Set(['string', 'integer', 'number', 'boolean']);

/** Converts a Forge action's `inputs` (title, description, type, required) into JSON Schema. */
export function actionInputSchema(inputs: RawAction['inputs']): ToolInputSchema {
  const properties: ToolInputSchema['properties'] = {};
  const required: string[] = [];
  for (const [name, input] of Object.entries(inputs ?? {})) {
    const type = typeof input.type === 'string' && INPUT_TYPES.has(input.type) ? input.type : 'string';
    properties[name] = { type };
    if (typeof input.title === 'string') properties[name].title = input.title;
    if (typeof input.description === 'string') properties[name].description = input.description;
    if (input.required === true) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/**
 * Reads manifest.yml (or takes it parsed) and lists the actions its `rovo:mcp` modules expose, in manifest order.
 * A tool naming an action that does not exist is a manifest error, reported here rather than at call time.
 */
export function readMcpManifest(manifest: string | Record<string, unknown>): McpManifest {
  const parsed = (typeof manifest === 'string' ? parse(readFileSync(manifest, 'utf8')) : manifest) as {
    modules?: { action?: RawAction[]; 'rovo:mcp'?: Array<{ name?: unknown; tools?: unknown }> };
  };
  const actions = new Map<string, RawAction>();
  for (const action of parsed.modules?.action ?? []) if (typeof action.key === 'string') actions.set(action.key, action);
  const servers = parsed.modules?.['rovo:mcp'] ?? [];
  const tools: McpTool[] = [];
  const seen = new Set<string>();
  for (const server of servers) {
    for (const key of Array.isArray(server.tools) ? server.tools : []) {
      if (typeof key !== 'string' || seen.has(key)) continue;
      const action = actions.get(key);
      if (!action) throw new Error(`manifest: rovo:mcp lists tool ${key}, but there is no action with that key`);
      seen.add(key);
      tools.push({
        name: key,
        ...(typeof action.name === 'string' ? { title: action.name } : {}),
        description: typeof action.description === 'string' ? action.description : key,
        inputSchema: actionInputSchema(action.inputs),
        functionKey: typeof action.function === 'string' ? action.function : '',
      });
    }
  }
  const first = servers[0];
  return { serverName: typeof first?.name === 'string' ? first.name : 'Librarian', tools };
}
