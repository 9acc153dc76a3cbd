/**
 * Document paths: the check that a path from librarian.yml (or from a ship request) names a Markdown file inside
 * the repository. Shared by the CLI's config parser and the ship web trigger's schema.
 *
 * @example
 * pathProblem('docs/deploy.md');  // undefined
 * pathProblem('../secrets.md');   // '"../secrets.md" leaves the repository ("..")'
 */

/** C0/C1 controls, line/paragraph separators and bidirectional overrides (which make a path read differently). */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Text safe to quote in a message: control characters as \\uXXXX, at most 120 characters. */
export function visible(text: string): string {
  return text.replace(new RegExp(CONTROL.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(0, 120);
}

/**
 * A repository path that stays inside the repository: relative, POSIX separators, no `.`/`..`/empty segments, no
 * control or bidirectional-override characters, and a Markdown extension. Returns the problem, or undefined.
 */
export function pathProblem(path: string): string | undefined {
  if (!path) return 'a Document path is empty';
  if (path.length > 500) return 'a Document path is longer than 500 characters';
  if (CONTROL.test(path)) return `"${visible(path)}" holds control or direction-override characters`;
  if (path.includes('\\')) return `"${path}" uses "\\": write paths with "/"`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `"${path}" is absolute: write it relative to the repository's root`;
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return `"${path}" leaves the repository ("..")`;
  if (segments.some((s) => s === '' || s === '.')) return `"${path}" has an empty or "." segment: write it as the plain relative path`;
  if (segments[0] === '.git') return `"${path}" is inside .git`;
  if (!/\.(md|markdown)$/i.test(path)) return `"${path}" is not a Markdown file (.md or .markdown)`;
  return undefined;
}

