/**
 * The secret scan: every token and password a run used, looked for in every text it produced (log lines,
 * invocation records, resolver answers, UI pages), also base64-encoded and URL-encoded.
 *
 * ```ts
 * secretsIn(['...transcript...'], ['admin-token'])   // [] when none appears
 * ```
 */
export function secretsIn(texts: string[], secrets: string[]): Array<{ secret: string; where: string }> {
  const found: Array<{ secret: string; where: string }> = [];
  const forms = (secret: string) => [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)];
  for (const secret of new Set(secrets.filter((s) => s.length >= 6))) {
    for (const text of texts) {
      const form = forms(secret).find((f) => text.includes(f));
      if (form) {
        const at = text.indexOf(form);
        found.push({ secret: `${secret.slice(0, 3)}...`, where: text.slice(Math.max(0, at - 60), at).replace(/\s+/g, ' ') });
        break;
      }
    }
  }
  return found;
}
