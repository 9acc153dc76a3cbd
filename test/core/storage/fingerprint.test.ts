import { fingerprint, parseStorage } from '../../../src/core/storage';

const fp = (s: string): string => fingerprint(parseStorage(s).children[0]);

describe('fingerprint', () => {
  it('is short and stable', () => {
    expect(fp('<p>a</p>')).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(fp('<p>a</p>')).toBe(fp('<p>a</p>'));
  });

  it('ignores macro-id, local-id, schema-version, attribute order, entity spelling and whitespace', () => {
    const a = '<ac:structured-macro ac:name="info" ac:macro-id="1" ac:schema-version="1"><ac:rich-text-body><p local-id="x">Tom &amp; Jerry</p></ac:rich-text-body></ac:structured-macro>';
    const b = '<ac:structured-macro ac:local-id="z" ac:name="info">\n  <ac:rich-text-body>\n    <p>Tom   &#38; Jerry</p>\n  </ac:rich-text-body>\n</ac:structured-macro>';
    expect(fp(a)).toBe(fp(b));
    expect(fp('<p a="1" b="2">x</p>')).toBe(fp('<p b="2"  a="1">x</p>'));
  });

  it('changes with the content, the name or a meaningful attribute', () => {
    expect(fp('<p>a</p>')).not.toBe(fp('<p>b</p>'));
    expect(fp('<p>a</p>')).not.toBe(fp('<h2>a</h2>'));
    expect(fp('<ac:structured-macro ac:name="info"/>')).not.toBe(fp('<ac:structured-macro ac:name="note"/>'));
    expect(fp('<p>a<b>c</b></p>')).not.toBe(fp('<p>a<i>c</i></p>'));
  });
});
