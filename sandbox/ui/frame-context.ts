import { randomUUID } from 'node:crypto';
import type { UiExtension, UiLicense } from './types';

/** What a frame token carries: the identity and module context the server bound to one iframe. */
export interface FrameClaims {
  v: 1;
  moduleKey: string;
  resource: string;
  accountId: string;
  extension: UiExtension;
  localId: string;
  /**
   * `modal` frames may close themselves; `dialog` frames are the byline's inline dialog; `config` frames are a
   * macro's custom configuration, the only ones whose `view.submit` is accepted.
   */
  kind: 'main' | 'modal' | 'dialog' | 'config';
  /** Epoch ms after which the frame must be reloaded. */
  exp: number;
}

export const FRAME_TTL_MS = 12 * 60 * 60 * 1000;

export function newFrameClaims(input: Omit<FrameClaims, 'v' | 'exp' | 'localId'> & { localId?: string }, now = Date.now()): FrameClaims {
  return { v: 1, ...input, localId: input.localId ?? randomUUID(), exp: now + FRAME_TTL_MS };
}

export type ColorMode = 'light' | 'dark';

export interface ContextSettings {
  cloudId: string;
  siteUrl: string;
  license: UiLicense;
  locale: string;
  timezone: string;
  colorMode: ColorMode;
}

/** The object `view.getContext()` resolves to, shaped like @forge/bridge's FullContext. */
export function viewContext(claims: FrameClaims, settings: ContextSettings): Record<string, unknown> {
  return {
    accountId: claims.accountId,
    cloudId: settings.cloudId,
    siteUrl: settings.siteUrl,
    moduleKey: claims.moduleKey,
    localId: claims.localId,
    environmentId: 'sandbox',
    environmentType: 'DEVELOPMENT',
    extension: claims.extension,
    license: {
      active: settings.license.active,
      type: settings.license.type ?? 'commercial',
      isEvaluation: settings.license.isEvaluation ?? false,
      billingPeriod: 'MONTHLY',
      ccpEntitlementId: 'sandbox-entitlement',
      ccpEntitlementSlug: 'sandbox',
      subscriptionEndDate: null,
      supportEntitlementNumber: null,
      trialEndDate: null,
      modes: null,
    },
    locale: settings.locale,
    timezone: settings.timezone,
    theme: { colorMode: settings.colorMode, dark: 'dark', light: 'light', spacing: 'spacing', typography: 'typography' },
    surfaceColor: null,
  };
}
