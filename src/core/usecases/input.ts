import { ToolFailure } from './result';

/**
 * Checks of tool inputs. Rovo passes declared inputs as flat strings, numbers and booleans, and an external agent
 * may send anything, so every field is checked here, whatever the caller: one clear INVALID_INPUT per mistake.
 */

/** Longest query or question: past this it is not a query but a pasted document. */
export const MAX_QUERY_CHARS = 1000;

export function requiredText(input: Record<string, unknown>, name: string, max = MAX_QUERY_CHARS): string {
  const value = input[name];
  if (value === undefined || value === null || value === '') throw new ToolFailure('INVALID_INPUT', `${name} is required.`);
  if (typeof value !== 'string') throw new ToolFailure('INVALID_INPUT', `${name} must be a string.`);
  const text = value.normalize('NFC').replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim();
  if (!text) throw new ToolFailure('INVALID_INPUT', `${name} is empty.`);
  if (text.length > max) throw new ToolFailure('INVALID_INPUT', `${name} is ${text.length} characters long; at most ${max} are allowed.`);
  return text;
}

export function optionalText(input: Record<string, unknown>, name: string, max = 200): string | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ToolFailure('INVALID_INPUT', `${name} must be a string.`);
  const text = value.trim();
  if (text.length > max) throw new ToolFailure('INVALID_INPUT', `${name} is too long (at most ${max} characters).`);
  return text || undefined;
}

/** An integer within [min, max]; integers sent as strings ("5") are accepted, as some clients send them. */
export function optionalInteger(input: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ToolFailure('INVALID_INPUT', `${name} must be a whole number.`);
  if (value < min || value > max) throw new ToolFailure('INVALID_INPUT', `${name} must be from ${min} to ${max}; it was ${value}.`);
  return value;
}

/** Refuses inputs the tool does not declare, so a typo ("qeury") is an error and not a silent default. */
export function onlyKnown(input: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(input).filter((key) => key !== 'context' && !known.includes(key));
  if (unknown.length) throw new ToolFailure('INVALID_INPUT', `Unknown input ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}; this tool takes ${known.join(', ') || 'no inputs'}.`);
}
