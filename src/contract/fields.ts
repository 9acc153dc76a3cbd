/**
 * Schemas of the values payloads carry, shared by every surface's payloads. Strict types: a boolean is `true` or
 * `false`, never `"false"`, `"no"` or `{}`; a list is a list, never a string that happens to name one thing.
 * Unknown keys are dropped, never used (who is asking and where come from the platform's context).
 */
import { z } from 'zod';

/** Library ids are what `LibraryRepository` issues: letters and digits. */
export const libraryId = z.string({ error: 'Missing libraryId.' }).regex(/^[a-zA-Z0-9]{1,32}$/, 'Missing libraryId.');

export const visibility = z.enum(['private', 'organization', 'public'], { error: 'Choose private, organization or public.' });

/** A Confluence space key as Confluence issues them (letters, digits, and `~` for personal spaces). */
export const spaceKey = z.string().regex(/^~?[A-Za-z0-9_-]{1,255}$/, 'Give a space key.');

/** Numeric Confluence space ids. */
export const spaceId = z.string().regex(/^\d{1,20}$/, 'Space ids are numbers.');

export const notificationChannel = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('confluence-mention'), spaceKey: spaceKey.optional() }),
    z.object({
      kind: z.literal('smtp'),
      host: z.string().max(255),
      port: z.number().int(),
      secure: z.boolean(),
      from: z.string().max(320),
      to: z.array(z.string().max(320)).max(50),
      username: z.string().max(320).optional(),
    }),
  ],
  { error: 'Choose how admins are told about sync problems.' },
);
