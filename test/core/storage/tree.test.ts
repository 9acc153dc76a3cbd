import { parseStorage, serialize, splice, walk, type StorageDocument, type StorageNode } from '../../../src/core/storage';
import { storageCorpus } from '../../fixtures/storage/corpus';

/** Checks that the nodes tile the source: children run contiguously from the start tag's end to the end tag. */
function tilingError(doc: StorageDocument): string | null {
  const check = (nodes: readonly StorageNode[], from: number, to: number, where: string): string | null => {
    let pos = from;
    for (const n of nodes) {
      if (n.start !== pos) return `${where}: node <${n.name}> starts at ${n.start}, expected ${pos}`;
      if (!(n.start <= n.openEnd && n.openEnd <= n.closeStart && n.closeStart <= n.end)) return `${where}: bad offsets on <${n.name}> at ${n.start}`;
      pos = n.end;
    }
    return pos === to ? null : `${where}: children end at ${pos}, expected ${to}`;
  };
  const top = check(doc.children, 0, doc.source.length, 'top');
  if (top) return top;
  for (const n of walk(doc)) {
    if (n.kind !== 'element') {
      if (n.children.length > 0) return `leaf ${n.kind} at ${n.start} has children`;
      continue;
    }
    const err = check(n.children, n.openEnd, n.closeStart, `<${n.name}> at ${n.start}`);
    if (err) return err;
  }
  return null;
}

const MALFORMED: Array<[string, string]> = [
  ['unclosed tags', '<p>one<p>two<strong>three'],
  ['mismatched close', '<p>a<em>b</p>c</em>'],
  ['stray close tags', '</p></ac:structured-macro>text</div>'],
  ['stray ]]> in text', '<p>a ]]> b</p><p>]]></p>'],
  ['unterminated CDATA', '<ac:plain-text-body><![CDATA[never ends'],
  ['unterminated comment', '<p>a</p><!-- forever'],
  ['truncated tag', '<p>a</p><ac:structured-macro ac:name="code'],
  ['bare < and &', '<p>a < b && c > d &nosuch; &#xZZ;</p>'],
  ['declarations', '<?xml version="1.0"?><!DOCTYPE html><p/>'],
  ['odd unicode', '\uFEFF<p>\uD800 lone surrogate \u{1F600} \u200B\u0000\u0007 \u202Eright-to-left</p>'],
  ['empty close and bogus', '</><!x><p>\u00A0</p></ p></3>'],
  ['void without slash', '<p>a<br>b<hr>c<img src="x.png">d</p>'],
  ['attributes of every quoting', '<p a=1 b=\'2\' c="3" d e="&amp;&quot;">x</p>'],
  ['uppercase', '<P CLASS="x">a</p><DIV>b</DIV>'],
  ['empty', ''],
  ['whitespace only', ' \n\t '],
];

describe('parseStorage round trip', () => {
  const corpus = storageCorpus();

  it('covers the demo site, the fixtures and more', () => {
    expect(corpus.filter((p) => p.name.startsWith('demo:')).length).toBeGreaterThanOrEqual(60);
    expect(corpus.some((p) => p.name.startsWith('fixture:'))).toBe(true);
  });

  it.each(corpus.map((p) => [p.name, p.body]))('%s: byte-identical and tiled', (_name, body) => {
    const doc = parseStorage(body);
    expect(serialize(doc)).toBe(body);
    expect(splice(body, [])).toBe(body);
    expect(tilingError(doc)).toBeNull();
  });

  it('finds no problems in the well-formed demo pages', () => {
    const broken = corpus.filter((p) => p.name.startsWith('demo:') && parseStorage(p.body).problems.length > 0).map((p) => p.name);
    expect(broken).toEqual([]);
  });

  it.each(MALFORMED)('%s: never throws, loses nothing', (_name, body) => {
    const doc = parseStorage(body);
    expect(serialize(doc)).toBe(body);
    expect(tilingError(doc)).toBeNull();
  });

  it('reports what it recovered from', () => {
    const kinds = (s: string): string[] => parseStorage(s).problems.map((p) => p.kind);
    expect(kinds('<p>one<strong>two')).toEqual(['unclosed-element', 'unclosed-element']);
    expect(kinds('<p>a<em>b</p>')).toEqual(['mismatched-close-tag']);
    expect(kinds('text</div>')).toEqual(['stray-close-tag']);
    expect(kinds('<p a="1" a="2">x</p>')).toEqual(['duplicate-attribute']);
    expect(kinds('<p>a</p><p class="x')).toEqual(['unparsed-bytes']);
    expect(parseStorage('<p>a</p>').problems).toEqual([]);
  });

  it('survives a huge page and deep nesting', () => {
    const huge = '<p>Lorem ipsum &amp; dolor <strong>sit</strong> amet.</p>'.repeat(40_000);
    const doc = parseStorage(huge);
    expect(doc.children).toHaveLength(40_000);
    expect(serialize(doc)).toBe(huge);
    const deep = `${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}`;
    const deepDoc = parseStorage(deep);
    expect(serialize(deepDoc)).toBe(deep);
    let depth = 0;
    for (let n: StorageNode | undefined = deepDoc.children[0]; n && n.kind === 'element'; n = n.children[0]) depth += 1;
    expect(depth).toBe(20_000);
  });

  it('accepts a non-string as an empty page', () => {
    const doc = parseStorage(undefined as unknown as string);
    expect(doc.children).toEqual([]);
    expect(doc.source).toBe('');
  });
});

describe('parseStorage nodes', () => {
  const source =
    '<h2 local-id="h-1">Set&nbsp;up</h2>' +
    '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="m-9" ac:local-id="l-9">' +
    '<ac:parameter ac:name="language">ts</ac:parameter><ac:plain-text-body><![CDATA[a < b && c]]></ac:plain-text-body>' +
    '</ac:structured-macro><p>x<br/>y<!-- note --></p>';
  const doc = parseStorage(source);
  const [h2, macro, p] = doc.children;

  it('keeps names, raw attribute values and offsets', () => {
    expect(doc.children.map((n) => n.name)).toEqual(['h2', 'ac:structured-macro', 'p']);
    expect(source.slice(h2.start, h2.end)).toBe('<h2 local-id="h-1">Set&nbsp;up</h2>');
    expect(source.slice(h2.start, h2.openEnd)).toBe('<h2 local-id="h-1">');
    expect(source.slice(h2.closeStart, h2.end)).toBe('</h2>');
    expect(macro.attrs).toEqual({ 'ac:name': 'code', 'ac:schema-version': '1', 'ac:macro-id': 'm-9', 'ac:local-id': 'l-9' });
    const cdata = macro.children[1].children[0];
    expect(cdata.kind).toBe('cdata');
    expect(source.slice(cdata.start, cdata.end)).toBe('<![CDATA[a < b && c]]>');
    expect(p.children.map((n) => n.kind)).toEqual(['text', 'element', 'text', 'comment']);
    const br = p.children[1];
    expect([br.start, br.openEnd, br.closeStart, br.end].map((o) => o - br.start)).toEqual([0, 5, 5, 5]);
  });

  it('gives identity: local-id, ac:local-id, macro-id kept apart', () => {
    expect(h2.localId).toBe('h-1');
    expect(h2.macroId).toBeUndefined();
    expect(macro.localId).toBe('l-9');
    expect(macro.macroId).toBe('m-9');
    expect(p.localId).toBeUndefined();
  });

  it('gives parents, indexes and paths', () => {
    const cdata = macro.children[1].children[0];
    expect(cdata.path).toEqual([1, 1, 0]);
    expect(cdata.parent?.parent).toBe(macro);
    expect(macro.parent).toBeUndefined();
    expect(p.children[2].index).toBe(2);
    expect(cdata.source).toBe(source);
  });
});
