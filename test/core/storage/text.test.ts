import { attrValue, leafText, parseStorage, rawOf, textOf } from '../../../src/core/storage';

describe('textOf', () => {
  it('decodes entities, keeps CDATA bodies, drops comments, stray markup and macro parameters', () => {
    const doc = parseStorage(
      '<h2>Tom &amp; Jerry&nbsp;&#8212;&#x41;</h2><!-- hidden --></b>' +
        '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter>' +
        '<ac:plain-text-body><![CDATA[echo "&amp;" <x>]]></ac:plain-text-body></ac:structured-macro>',
    );
    expect(textOf(doc.children[0])).toBe('Tom & Jerry\u00a0\u2014A');
    expect(textOf(doc.children[3])).toBe('echo "&amp;" <x>');
    expect(textOf(doc)).toBe('Tom & Jerry\u00a0\u2014Aecho "&amp;" <x>');
  });

  it('reads an unterminated CDATA section to the end', () => {
    const doc = parseStorage('<![CDATA[abc');
    expect(leafText(doc.children[0])).toBe('abc');
  });
});

describe('attrValue and rawOf', () => {
  const doc = parseStorage('<ri:page ri:content-title="R&amp;D &quot;notes&quot;" />');
  const node = doc.children[0];

  it('keeps attributes raw in the tree and decodes on request', () => {
    expect(node.attrs['ri:content-title']).toBe('R&amp;D &quot;notes&quot;');
    expect(attrValue(node, 'ri:content-title')).toBe('R&D "notes"');
    expect(attrValue(node, 'ri:space-key')).toBeUndefined();
  });

  it('gives a node its exact bytes', () => {
    expect(rawOf(node)).toBe('<ri:page ri:content-title="R&amp;D &quot;notes&quot;" />');
  });
});
