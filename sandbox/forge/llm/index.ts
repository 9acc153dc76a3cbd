/** The local host's Forge LLM stand-in: see stand-in.ts for the protocol and the scripting API. */
export { LlmStandIn, KNOWN_MODELS, parseScriptedReply, type LlmRequestRecord, type ScriptedReply } from './stand-in';
export { groundedAnswer, numberedSources } from './grounded-writer';
