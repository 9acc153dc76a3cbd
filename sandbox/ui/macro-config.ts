/**
 * The rules Confluence applies to a macro config's `view.submit(payload)` (Forge docs, "Macro" manifest reference,
 * "Options for submitting the configuration" and "Supported config payload format"): the payload is an object with
 * a `config` object; values are strings, numbers, booleans, undefined, objects, or arrays whose items share one
 * type; no null and no arrays directly inside arrays. `body` needs a bodied macro, which Librarian has none of.
 */
export type MacroSubmitCheck =
  | { ok: true; config: Record<string, unknown>; keepEditing: boolean }
  | { ok: false; code: 'INVALID_PAYLOAD' | 'INVALID_CONFIG' | 'INVALID_EXTENSION_TYPE'; message: string };

export function checkMacroSubmit(payload: unknown): MacroSubmitCheck {
  if (!isPlainObject(payload)) return { ok: false, code: 'INVALID_PAYLOAD', message: 'The payload of view.submit() must be an object.' };
  if (payload.body !== undefined) return { ok: false, code: 'INVALID_EXTENSION_TYPE', message: 'A body needs a macro with layout: bodied.' };
  const config = payload.config;
  if (!isPlainObject(config) || !validValue(config)) {
    return { ok: false, code: 'INVALID_CONFIG', message: 'config must be an object of strings, numbers, booleans, objects and same-typed arrays (no null).' };
  }
  // A JSON round trip drops undefined members, as the product's storage does.
  return { ok: true, config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>, keepEditing: payload.keepEditing === true };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

function validValue(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'undefined':
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      return Object.values(value as Record<string, unknown>).every(validValue);
    case 'array': {
      const items = value as unknown[];
      const kinds = new Set(items.map(kindOf));
      if (kinds.size > 1 || kinds.has('array') || kinds.has('null') || kinds.has('undefined')) return false;
      return items.every(validValue);
    }
    default:
      return false;
  }
}
