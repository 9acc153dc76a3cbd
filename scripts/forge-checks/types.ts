/** One problem a check found. Errors fail `npm run check:forge`; warnings are printed only. */
export interface Finding {
  check: string;
  level: 'error' | 'warning';
  message: string;
  /** File (and line) the finding points at, when known. */
  where?: string;
}

/** The parts of manifest.yml the checks read; the validator of @forge/manifest owns the full shape. */
export interface ManifestDoc {
  app?: { id?: string; runtime?: { name?: string } };
  modules?: Record<string, Array<Record<string, unknown>> | undefined>;
  resources?: Array<{ key: string; path: string }>;
  permissions?: { scopes?: string[] };
}
