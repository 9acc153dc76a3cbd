import { DocumentConfigError, parseLibrarianYml, pathProblem } from '../../../src/core/documents/config';

function problems(text: string): string[] {
  try {
    parseLibrarianYml(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentConfigError);
    return (error as DocumentConfigError).problems.map((p) => `${p.line}: ${p.message}`);
  }
  throw new Error('expected the file to be refused');
}

test('page ids, titles in spaces and parents, with defaults from the top of the file', () => {
  const config = parseLibrarianYml(
    [
      'version: 1',
      'parent: 98765',
      'space: ENG',
      'documents:',
      '  docs/deploy.md: 123456',
      '  docs/runbook.md: { title: Runbook, space: SRE, parent: "4242" }',
      '  "docs/ünïcode name.markdown":',
      '    title: Ünïcode',
      '  docs/long-id.md: 12345678901234567890',
    ].join('\n'),
  );
  expect(config.parentId).toBe('98765');
  expect(config.documents).toEqual([
    { path: 'docs/deploy.md', target: { pageId: '123456' }, parentId: '98765', line: 5 },
    { path: 'docs/runbook.md', target: { title: 'Runbook', spaceKey: 'SRE' }, parentId: '4242', line: 6 },
    { path: 'docs/ünïcode name.markdown', target: { title: 'Ünïcode', spaceKey: 'ENG' }, parentId: '98765', line: 7 },
    // Read from the source, so an id past 2^53 keeps every digit.
    { path: 'docs/long-id.md', target: { pageId: '12345678901234567890' }, parentId: '98765', line: 9 },
  ]);
});

test('every problem is reported at once, with its line', () => {
  expect(
    problems(
      [
        'documents:',
        '  ../outside.md: 1',
        '  /etc/passwd.md: 2',
        '  docs\\win.md: 3',
        '  docs/./a.md: 4',
        '  docs/notes.txt: 5',
        '  docs/a.md: { page: 6, colour: red }',
        '  docs/b.md: { title: B }',
        '  docs/c.md: 7',
        '  docs/d.md: 7',
        '  docs/e.md: abc',
        '  .git/config.md: 8',
        'paren: 5',
      ].join('\n'),
    ),
  ).toEqual([
    '2: "../outside.md" leaves the repository ("..")',
    `3: "/etc/passwd.md" is absolute: write it relative to the repository's root`,
    '4: "docs\\win.md" uses "\\": write paths with "/"',
    '5: "docs/./a.md" has an empty or "." segment: write it as the plain relative path',
    '6: "docs/notes.txt" is not a Markdown file (.md or .markdown)',
    '7: "docs/a.md": unknown key "colour" (known: page, title, space, parent)',
    '8: "docs/b.md": a title needs a space (space: KEY here, or at the top of the file)',
    '10: "docs/d.md" maps to the same page as "docs/c.md" (line 9); one page takes one Document',
    '11: "docs/e.md": a page id is digits; for a title write { title: ..., space: ... }',
    '12: ".git/config.md" is inside .git',
    '13: unknown key "paren" (known: version, parent, space, documents)',
  ]);
});

test('hostile YAML: duplicate keys, custom tags, alias bombs, not a mapping, huge, direction overrides', () => {
  expect(problems('documents:\n  a.md: 1\n  a.md: 2\n')).toEqual(['3: Map keys must be unique']);
  expect(problems('documents: !!js/function "x"\n')[0]).toMatch(/^1: Unresolved tag/);
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`), 'documents: {}'].join('\n');
  // Refused without expanding the aliases (yaml's maxAliasCount), or for its unknown keys: either way, quickly.
  expect(problems(bomb).length).toBeGreaterThan(0);
  expect(problems('- a.md\n- b.md\n')).toEqual(['1: the file must be a mapping with a "documents:" key']);
  expect(problems('')).toEqual(['1: the file is empty; it needs a "documents:" mapping']);
  expect(problems('version: 2\ndocuments: []\n')).toEqual(['1: version must be 1', '2: documents must be a mapping of "path: page" entries']);
  expect(problems(`documents:\n  a.md: 1\n# ${'x'.repeat(70_000)}\n`)[0]).toMatch(/^0: the file is \d+ bytes; at most 65536 are read$/);
  expect(problems('documents:\n  "docs/\u202egpj.md": 1\n')).toEqual(['2: "docs/\\u202egpj.md" holds control or direction-override characters']);
  expect(problems('documents:\n  a.md: { title: "\u0007bell", space: ENG }\n')).toEqual(['2: "a.md": title must be 1 to 255 characters of text']);
  expect(pathProblem('docs/fine.md')).toBeUndefined();
});
