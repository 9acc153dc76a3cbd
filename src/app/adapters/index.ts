/** Forge implementations of the ports in src/core/ports.ts, built on the real SDKs. */
export { ForgeKeyValueStore } from './kvs';
export { ForgeJobQueue } from './queue';
export { ForgeConfluenceTransport } from './confluence';
export { forgeClock } from './clock';
export { forgeDeadline } from './deadline';
