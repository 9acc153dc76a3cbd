/**
 * Delivers product events (from the Confluence simulator's `subscribe()`) to the manifest's `trigger` modules
 * whose `events` list names the event type, as Forge does: handler `(event, context)`, where `event` is the
 * product's payload plus `eventType` and `context: {cloudId, moduleKey}`. Delivery is asynchronous and
 * fire-and-forget from the product's side; the host records each invocation.
 */
import type { ManifestTrigger } from './manifest';

export interface ProductEvent {
  /** e.g. `avi:confluence:updated:page`; some producers call it `type`. */
  eventType?: string;
  type?: string;
}

export function eventTypeOf(event: ProductEvent): string | undefined {
  return typeof event.eventType === 'string' ? event.eventType : typeof event.type === 'string' ? event.type : undefined;
}

/** The trigger modules one event goes to. */
export function triggersFor(triggers: ManifestTrigger[], event: ProductEvent): ManifestTrigger[] {
  const type = eventTypeOf(event);
  if (!type) return [];
  return triggers.filter((t) => t.events.includes(type));
}

/** The first argument a trigger function receives. */
export function triggerPayload(event: ProductEvent, trigger: ManifestTrigger, cloudId: string): Record<string, unknown> {
  const type = eventTypeOf(event);
  return { ...(event as Record<string, unknown>), eventType: type, context: { cloudId, moduleKey: trigger.key } };
}
