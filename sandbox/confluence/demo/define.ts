/**
 * How the demo's page files declare a page: the author by handle and the body as a builder, run inside the
 * page's own id scope so macro ids are stable whatever order pages are built in.
 */
import type { SeedPage } from '../seed-types';
import { ACCOUNT, type Handle } from './people';
import { withIdScope } from './storage';

export interface PageSpec extends Omit<SeedPage, 'body' | 'authorAccountId'> {
  author: Handle;
  body: () => string;
}

export function page(spec: PageSpec): SeedPage {
  const { author, body, ...rest } = spec;
  return { ...rest, authorAccountId: ACCOUNT[author], body: withIdScope(spec.ref, body) };
}

/** A personal space key in Cloud's current style: `~` and the owner's account id without separators. */
export function personalSpaceKey(accountId: string): string {
  return `~${accountId.replace(/[^A-Za-z0-9]/g, '')}`;
}
