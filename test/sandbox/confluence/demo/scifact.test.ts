import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readLines, scifactDocId, scifactJudgments, scifactRef, scifactSite } from '../../../../sandbox/confluence/demo/scifact';
import { wellFormedError } from '../wellformed';

describe('the SciFact site', () => {
  const site = scifactSite();

  it('has one knowledge-base space and all 5,183 corpus documents as pages', () => {
    expect(site.spaces.map((s) => [s.key, s.type])).toEqual([['SCIFACT', 'knowledge_base']]);
    expect(site.pages).toHaveLength(5183);
    expect(new Set(site.pages.map((p) => p.ref)).size).toBe(5183);
  });

  it('keeps titles unique and within Confluence limits, and bodies well-formed', () => {
    expect(new Set(site.pages.map((p) => p.title)).size).toBe(5183);
    for (const p of site.pages) {
      expect(p.title.length).toBeLessThanOrEqual(255);
      expect(p.title).toBe(p.title.trim());
      expect(wellFormedError(p.body)).toBeNull();
    }
  });

  it('maps refs to corpus ids and back, and the test qrels point at existing pages', () => {
    expect(scifactDocId(scifactRef('4983'))).toBe('4983');
    expect(scifactDocId('eng-home')).toBeNull();
    const refs = new Set(site.pages.map((p) => p.ref));
    const test = scifactJudgments('test');
    expect(test).toHaveLength(300);
    for (const q of test) for (const ref of q.relevant.keys()) expect(refs.has(ref)).toBe(true);
  });
});

describe('scifact loading from a given directory', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scifact-'));
  mkdirSync(path.join(dir, 'qrels'));
  writeFileSync(
    path.join(dir, 'corpus.jsonl'),
    [
      JSON.stringify({ _id: '1', title: '  Summary ', text: 'a < b & c > d ]]> e' }),
      JSON.stringify({ _id: '2', title: 'Summary', text: 'second' }),
      JSON.stringify({ _id: '3', title: 'word '.repeat(80), text: '' }),
    ].join('\r\n'),
  );

  it('escapes text, de-duplicates and shortens titles, tolerates CRLF and a missing final newline', () => {
    const site = scifactSite(dir);
    expect(site.pages.map((p) => p.ref)).toEqual(['scifact-1', 'scifact-2', 'scifact-3']);
    expect(site.pages[0]).toMatchObject({ title: 'Summary', body: '<p>a &lt; b &amp; c &gt; d ]]&gt; e</p>' });
    expect(site.pages[1].title).toBe('Summary (2)');
    expect(site.pages[2].title.length).toBeLessThanOrEqual(255);
    expect(site.pages[2].title.endsWith('word')).toBe(true);
  });

  it('reads lines across chunk boundaries', () => {
    const file = path.join(dir, 'long.txt');
    const lines = [('x'.repeat(700_000)), 'short', 'é'.repeat(600_000)];
    writeFileSync(file, lines.join('\n') + '\n');
    expect(Array.from(readLines(file))).toEqual(lines);
  });
});
