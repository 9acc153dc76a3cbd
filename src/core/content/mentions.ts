import { Parser } from 'htmlparser2';
import { NOT_PROSE } from './extract';

/**
 * The account ids a page @-mentions (`<ac:link><ri:user ri:account-id="..."/></ac:link>`), in order of first
 * appearance, without duplicates: what the caller resolves to display names before `extractContent` runs.
 * A streaming scan with no DOM, so listing a batch's mentions costs far less than extracting it. Mentions inside
 * macro parameters and other configuration are skipped, as extraction skips them; legacy `ri:userkey` and
 * `ri:username` references are not account ids and are left out.
 */
export function mentionedAccountIds(storage: string): string[] {
  const ids: string[] = [];
  if (typeof storage !== 'string' || !/ri:user/i.test(storage)) return ids;
  const seen = new Set<string>();
  // Open elements, so an unclosed or stray tag in broken markup cannot leave the counters wrong for the rest.
  const open: string[] = [];
  let inLink = 0;
  let inConfig = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        open.push(name);
        if (name === 'ac:link') inLink += 1;
        else if (NOT_PROSE.has(name)) inConfig += 1;
        else if (name === 'ri:user' && inLink > 0 && inConfig === 0) {
          const id = (attribs['ri:account-id'] ?? '').trim();
          if (id && !seen.has(id)) {
            seen.add(id);
            ids.push(id);
          }
        }
      },
      onclosetag(name) {
        const at = open.lastIndexOf(name);
        if (at < 0) return;
        for (const closed of open.splice(at)) {
          if (closed === 'ac:link') inLink -= 1;
          else if (NOT_PROSE.has(closed)) inConfig -= 1;
        }
      },
    },
    { recognizeCDATA: true, recognizeSelfClosing: true, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(storage);
  return ids;
}
