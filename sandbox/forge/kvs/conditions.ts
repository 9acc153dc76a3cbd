/**
 * Evaluates the conditions `@forge/kvs` sends for custom-entity queries and transaction checks
 * (`{property, condition, values}` items, combined under `and` / `or`). A missing entity is evaluated as `{}`,
 * so `notExists` holds for it and every other comparison fails.
 */

export interface Condition {
  property?: string;
  condition: string;
  values: unknown[];
}

export interface ConditionGroup {
  and?: Condition[];
  or?: Condition[];
}

type Comparable = string | number | boolean;

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a !== typeof b) return undefined;
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') {
    const x = a as Comparable;
    const y = b as Comparable;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return undefined;
}

/** Whether `actual` satisfies one condition. */
export function matchesCondition(actual: unknown, c: Pick<Condition, 'condition' | 'values'>): boolean {
  const [first, second] = c.values ?? [];
  const cmp = compare(actual, first);
  switch (c.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual === first;
    case 'NOT_EQUAL_TO':
      return actual !== first;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(first));
    case 'CONTAINS':
      return (typeof actual === 'string' && actual.includes(String(first))) || (Array.isArray(actual) && actual.includes(first));
    case 'NOT_CONTAINS':
      return !((typeof actual === 'string' && actual.includes(String(first))) || (Array.isArray(actual) && actual.includes(first)));
    case 'GREATER_THAN':
      return cmp !== undefined && cmp > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return cmp !== undefined && cmp >= 0;
    case 'LESS_THAN':
      return cmp !== undefined && cmp < 0;
    case 'LESS_THAN_EQUAL_TO':
      return cmp !== undefined && cmp <= 0;
    case 'BETWEEN': {
      const lo = compare(actual, first);
      const hi = compare(actual, second);
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    default:
      return false;
  }
}

export function matchesGroup(value: unknown, group: ConditionGroup | undefined): boolean {
  if (!group) return true;
  const record = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const test = (c: Condition) => matchesCondition(c.property === undefined ? value : record[c.property], c);
  if (group.and && group.and.length > 0 && !group.and.every(test)) return false;
  if (group.or && group.or.length > 0 && !group.or.some(test)) return false;
  return true;
}
