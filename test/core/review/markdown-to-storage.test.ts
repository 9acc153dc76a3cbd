import { markdownToStorage, MarkdownTooLargeError, MAX_MARKDOWN_CHARS } from '../../../src/core/review/markdown-to-storage';
import { wordDiff } from '../../../src/core/review/word-diff';

describe('markdownToStorage', () => {
  it('writes code as the code macro in CDATA, splitting ]]>', () => {
    const out = markdownToStorage('```ts\nconst end = "]]>";\n```');
    expect(out).toBe(
      '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">ts</ac:parameter><ac:plain-text-body><![CDATA[const end = "]]]]><![CDATA[>";]]></ac:plain-text-body></ac:structured-macro>',
    );
  });

  it('never passes raw HTML or storage tags through, and escapes text', () => {
    const out = markdownToStorage('Hi <script>alert(1)</script> <ac:structured-macro ac:name="x"/> & "q"');
    expect(out).not.toMatch(/<script|<ac:structured-macro/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&amp; &quot;q&quot;');
  });

  it('drops javascript: links but keeps https links', () => {
    const out = markdownToStorage('[bad](javascript:alert(1)) [good](https://example.com/a?b=1&c=2)');
    expect(out).not.toContain('href="javascript');
    expect(out).toContain('<a href="https://example.com/a?b=1&amp;c=2">good</a>');
  });

  it('turns GFM alerts into panels and tables into storage tables', () => {
    const out = markdownToStorage('> [!WARNING]\n> Mind the **gap**\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(out).toContain('<ac:structured-macro ac:name="note" ac:schema-version="1"><ac:rich-text-body>');
    expect(out).toContain('<p>Mind the <strong>gap</strong></p>');
    expect(out).toContain('<table><tbody>');
    expect(out).toContain('<th>a</th>');
    expect(out).not.toContain('<thead>');
  });

  it('keeps a broken table as text and refuses oversized input', () => {
    expect(markdownToStorage('| a | b\n|-\n| 1')).toContain('<p>');
    expect(() => markdownToStorage('x'.repeat(MAX_MARKDOWN_CHARS + 1))).toThrow(MarkdownTooLargeError);
  });
});

describe('wordDiff', () => {
  it('marks the changed words and rejoins to both texts', () => {
    const parts = wordDiff('Run npm run ship now', 'Run npm run deploy now');
    expect(parts).toEqual([
      { kind: 'same', text: 'Run npm run ' },
      { kind: 'removed', text: 'ship' },
      { kind: 'added', text: 'deploy' },
      { kind: 'same', text: ' now' },
    ]);
  });
});
