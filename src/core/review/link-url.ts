/**
 * Whether a link may go with a proposal (a pull request, a commit, an agent's source): an absolute http(s) URL
 * with no user name or password before its host. `https://acme.atlassian.net@evil.example/pull/1` names
 * evil.example, not the site it reads as (WHATWG URL: everything before `@` is user info), so it is refused
 * here as well as shown as text by the UIs. Returns the parsed URL, or why not.
 *
 * @example
 * linkUrl('https://github.com/acme/api/pull/42'); // { url: URL }
 * linkUrl('javascript:alert(1)');                 // { refused: 'Links must be http or https.' }
 */
export function linkUrl(raw: unknown): { url: URL } | { refused: string } {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    return { refused: `"${String(raw).slice(0, 80)}" is not a link.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { refused: 'Links must be http or https.' };
  if (url.username || url.password) return { refused: 'Links must not carry a user name or password before the host.' };
  return { url };
}
