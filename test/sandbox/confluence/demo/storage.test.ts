import {
  cdata, code, doc, escapeAttr, escapeText, expand, h2, mention, mono, p, pageLink, panel, status, table, ul, withIdScope,
} from '../../../../sandbox/confluence/demo/storage';
import { wellFormedError } from '../wellformed';

describe('the strict well-formedness check', () => {
  it.each([
    ['<p>a</p>', null],
    ['<p>a<br /></p><ac:structured-macro ac:name="x"><ac:plain-text-body><![CDATA[<&]]></ac:plain-text-body></ac:structured-macro>', null],
  ])('accepts %s', (xml, expected) => {
    expect(wellFormedError(xml)).toBe(expected);
  });

  it.each([
    ['<p>a', 'closes <p>'],
    ['<p>a</b>', 'closes'],
    ['<p>a & b</p>', 'bare &'],
    ['<p>a &nbsp; b</p>', 'bare &'],
    ['<p>a < b</p>', 'bare <'],
    ['<p class=x>a</p>', 'malformed start tag'],
    ['<p a="1" a="2">a</p>', 'duplicate attribute'],
    ['<zz:thing />', 'undeclared prefix'],
    ['<p>a ]]> b</p>', ']]>'],
    ['<p>a</p></p>', 'closes'],
    ['<!DOCTYPE html><p/>', 'declaration'],
  ])('rejects %s', (xml, reason) => {
    expect(wellFormedError(xml)).toContain(reason);
  });
});

describe('storage builders', () => {
  it('escapes text and attributes', () => {
    expect(escapeText('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d "e"');
    expect(escapeAttr('say "hi" & <go>')).toBe('say &quot;hi&quot; &amp; &lt;go&gt;');
    expect(p('x < y && z')).toHaveProperty('xml', '<p>x &lt; y &amp;&amp; z</p>');
    expect(escapeText('bell\u0007 gone')).toBe('bell gone');
  });

  it('splits ]]> across CDATA sections so the text survives', () => {
    const source = 'const a = b[c[0]]>d; // ]]> twice ]]>';
    const wrapped = cdata(source);
    expect(wellFormedError(`<x>${wrapped}</x>`)).toBeNull();
    const unwrapped = [...wrapped.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]).join('');
    expect(unwrapped).toBe(source);
  });

  it('writes a code macro in exact storage format', () => {
    const xml = withIdScope('t', () => code('typescript', 'if (a < b) {}').xml);
    expect(xml).toMatch(
      /^<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="[0-9a-f-]{36}"><ac:parameter ac:name="language">typescript<\/ac:parameter><ac:plain-text-body><!\[CDATA\[if \(a < b\) \{\}\]\]><\/ac:plain-text-body><\/ac:structured-macro>$/,
    );
  });

  it('gives the same ids for the same scope whatever ran before', () => {
    const build = (): string => doc(panel('info', [p('x')]), p(status('Green', 'OK')));
    const first = withIdScope('page-a', build);
    withIdScope('page-b', build);
    expect(withIdScope('page-a', build)).toBe(first);
    expect(withIdScope('page-b', build)).not.toBe(first);
  });

  it('writes panels, expands, status, mentions and page links as Confluence does', () => {
    const body = withIdScope('t', () =>
      doc(
        panel('warning', ['Careful & quick'], 'Title "x"'),
        expand('More', p('hidden')),
        p(status('Red', 'SEV1'), ' ', mention('712020:abc'), ' ', pageLink('A "quoted" & <odd> title', 'ENG', 'shown ]]> text')),
      ),
    );
    expect(wellFormedError(body)).toBeNull();
    expect(body).toContain('<ac:parameter ac:name="title">Title "x"</ac:parameter><ac:rich-text-body><p>Careful &amp; quick</p></ac:rich-text-body>');
    expect(body).toContain('<ac:parameter ac:name="colour">Red</ac:parameter><ac:parameter ac:name="title">SEV1</ac:parameter>');
    expect(body).toContain('<ac:link><ri:user ri:account-id="712020:abc" /></ac:link>');
    expect(body).toContain('<ri:page ri:content-title="A &quot;quoted&quot; &amp; &lt;odd&gt; title" ri:space-key="ENG" />');
  });

  it('wraps loose text and inline markup in paragraphs, keeps blocks as they are, and rejects blocks inline', () => {
    expect(doc('a ', mono('b'), h2('c'), 'd')).toBe('<p>a <code>b</code></p><h2>c</h2><p>d</p>');
    expect(() => p(h2('x'))).toThrow(/block content/);
    expect(ul('one', ['two ', mono('2')], [p('three'), ul('nested')]).xml).toBe(
      '<ul><li>one</li><li>two <code>2</code></li><li><p>three</p><ul><li>nested</li></ul></li></ul>',
    );
  });

  it('writes th headers and nests a table inside a cell', () => {
    const inner = table({ head: ['k'], rows: [['v']] });
    const outer = table({ head: ['A', 'B'], rows: [['1', inner]] }).xml;
    expect(outer).toBe(
      '<table><tbody><tr><th><p>A</p></th><th><p>B</p></th></tr><tr><td><p>1</p></td><td><table><tbody><tr><th><p>k</p></th></tr><tr><td><p>v</p></td></tr></tbody></table></td></tr></tbody></table>',
    );
  });
});
