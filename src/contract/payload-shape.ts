/**
 * A cheap, non-recursive look at a payload before anything else touches it: resolver payloads are small, flat JSON
 * (the deepest is a notification channel's recipient list, three levels down), so anything nested far deeper or
 * holding many thousands of values is refused with a clear message before a schema, a logger or a serializer
 * recurses into it (a 10,000-deep array would otherwise end in "Maximum call stack size exceeded").
 */
export const MAX_PAYLOAD_DEPTH = 16;
export const MAX_PAYLOAD_VALUES = 20_000;

/** Why the payload cannot be read, or undefined when its shape is fine. Walks with an explicit stack. */
export function payloadShapeProblem(payload: unknown, limits = { depth: MAX_PAYLOAD_DEPTH, values: MAX_PAYLOAD_VALUES }): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: payload, depth: 0 }];
  let seen = 0;
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (++seen > limits.values) return `The request holds more than ${limits.values} values.`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.depth) return `The request is nested more than ${limits.depth} levels deep.`;
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}
