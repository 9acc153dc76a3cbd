import { headingLevel, headings, parseStorage, sectionOf, select, textOf, walk } from '../../../src/core/storage';

const PAGE =
  '<h1>Guide</h1><p>intro</p>' +
  '<h2>Setup</h2><p>one</p><h3>Detail</h3><p>two</p>' +
  '<h2>Use</h2><p>three</p>' +
  '<ac:layout><ac:layout-section><ac:layout-cell><h2>In a cell</h2><p>four</p></ac:layout-cell></ac:layout-section></ac:layout>';

describe('walk and select', () => {
  const doc = parseStorage(PAGE);

  it('visits nodes in document order', () => {
    const names = [...walk(doc)].filter((n) => n.kind === 'element').map((n) => n.name);
    expect(names.slice(0, 4)).toEqual(['h1', 'p', 'h2', 'p']);
    expect(names).toContain('ac:layout-cell');
  });

  it('selects by predicate, under the page or a node', () => {
    expect(select(doc, (n) => n.name === 'p').map(textOf)).toEqual(['intro', 'one', 'two', 'three', 'four']);
    const layout = doc.children[doc.children.length - 1];
    expect(select(layout, (n) => n.name === 'p').map(textOf)).toEqual(['four']);
  });
});

describe('headings and sectionOf', () => {
  const doc = parseStorage(PAGE);
  const hs = headings(doc);

  it('lists headings anywhere with their level', () => {
    expect(hs.map((h) => `${headingLevel(h)}:${textOf(h)}`)).toEqual(['1:Guide', '2:Setup', '3:Detail', '2:Use', '2:In a cell']);
    expect(headingLevel(doc.children[1])).toBeUndefined();
  });

  it('runs a section to the next heading of the same or a higher level', () => {
    const setup = sectionOf(doc, hs[1]);
    expect(setup.nodes.map(textOf)).toEqual(['Setup', 'one', 'Detail', 'two']);
    expect(doc.source.slice(setup.start, setup.end)).toBe('<h2>Setup</h2><p>one</p><h3>Detail</h3><p>two</p>');
    expect(sectionOf(doc, hs[2]).nodes.map(textOf)).toEqual(['Detail', 'two']);
    expect(sectionOf(doc, hs[0]).nodes).toHaveLength(doc.children.length);
  });

  it('keeps a section inside its layout cell', () => {
    expect(sectionOf(doc, hs[4]).nodes.map(textOf)).toEqual(['In a cell', 'four']);
  });

  it('refuses a node that is not a heading, or a heading of another page', () => {
    expect(() => sectionOf(doc, doc.children[1])).toThrow('sectionOf needs a heading, got <p>');
    const other = parseStorage('<p>x</p><h2>Other</h2>');
    expect(() => sectionOf(doc, other.children[1])).toThrow('not part of this page');
  });
});
