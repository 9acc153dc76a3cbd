/**
 * What the Ask macro's settings save on the macro (through `view.submit({ config })`) and what the server reads
 * back from `extension.config`: the Library to answer from and, optionally, some of its spaces (absent or empty:
 * all of them). Forge config payloads allow no null and only same-typed arrays, which this shape respects.
 */
export interface AskMacroConfig {
  libraryId: string;
  spaceKeys?: string[];
}

/** Reads a saved config defensively: whatever the page stored, only a well-formed one is used. */
export function readAskMacroConfig(value: unknown): AskMacroConfig | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { libraryId, spaceKeys } = value as { libraryId?: unknown; spaceKeys?: unknown };
  if (typeof libraryId !== 'string' || libraryId === '') return undefined;
  const keys = Array.isArray(spaceKeys) ? spaceKeys.filter((k): k is string => typeof k === 'string' && k !== '') : [];
  return keys.length ? { libraryId, spaceKeys: keys } : { libraryId };
}
