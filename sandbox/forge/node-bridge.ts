/**
 * `globalThis.__bridge` for Node, the way the sandbox's browser page provides it: `@forge/bridge` calls
 * `callBridge(name, payload)`, and `invoke` / `getContext` are answered by the host for one module shown to one
 * user. The identity comes from the caller of this function (the signed-in sandbox user), never from the
 * payload. Used by tests; the browser page does the same over HTTP.
 */
import type { ForgeHost, ResolverCall } from './index';

export interface BridgeTarget {
  moduleKey: string;
  accountId: string;
  extension?: ResolverCall['extension'];
}

export interface NodeBridge {
  callBridge(name: string, payload?: unknown): Promise<unknown>;
}

export function createNodeBridge(host: ForgeHost, target: BridgeTarget): NodeBridge {
  return {
    async callBridge(name, payload) {
      if (name === 'invoke') {
        const { functionKey, payload: args } = (payload ?? {}) as { functionKey: string; payload?: unknown };
        return host.invokeResolver({ ...target, functionKey, payload: args });
      }
      if (name === 'getContext') return host.resolverContext(target);
      throw new Error(`bridge call ${name} is not available in the Node bridge`);
    },
  };
}
