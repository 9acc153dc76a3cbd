/** The guard on model-drafted prose and the drafter over a scripted Synthesizer. */
import type { Synthesizer } from '../../../src/core/answer/ports';
import { planEdits } from '../../../src/core/review';
import { draftProse, guardDraft, paragraphMarkdown, paragraphWith } from '../../../src/core/ship/prose-draft';
import type { ShipChange, ShipFinding } from '../../../src/core/ship/types';
import { parseStorage, splice } from '../../../src/core/storage';

const ORIGINAL = 'Run `deploy --force` to skip the health check; see [the runbook](https://wiki.example.com/run).';

describe('guardDraft', () => {
  it('keeps a one-paragraph draft that keeps the code and links the finding does not name', () => {
    const verdict = guardDraft(ORIGINAL, 'Run `deploy` to deploy; the health check always runs. See [the runbook](https://wiki.example.com/run).', ['--force']);
    expect(verdict).toEqual({ markdown: expect.stringContaining('Run `deploy`'), storage: expect.stringMatching(/^<p>Run <code>deploy<\/code>/) });
  });

  it.each([
    ['empty', '   ', /left the paragraph/],
    ['NO_CHANGE', 'NO_CHANGE', /left the paragraph/],
    ['unchanged', ORIGINAL, /left the paragraph/],
    ['too long', `${ORIGINAL} ${'More words. '.repeat(40)}`, /3 times/],
    ['drops a link', 'Run `deploy` to deploy.', /drops the link https:\/\/wiki\.example\.com\/run/],
    ['two paragraphs', 'Run `deploy` now.\n\nSee [the runbook](https://wiki.example.com/run).', /single paragraph/],
    ['a list', '- Run `deploy`; see [the runbook](https://wiki.example.com/run).', /single paragraph/],
  ])('refuses a draft that is %s', (_what, draft, why) => {
    const verdict = guardDraft(ORIGINAL, draft, ['--force']);
    expect('refused' in verdict && verdict.refused).toMatch(why);
  });

  it('refuses a draft that drops inline code the finding does not name', () => {
    const verdict = guardDraft('Set `PORT` and run `deploy --force`.', 'Run `deploy`.', ['--force']);
    expect(verdict).toEqual({ refused: 'the draft drops the inline code `PORT`' });
  });

  it('converts the draft as text: raw HTML stays text', () => {
    const verdict = guardDraft(ORIGINAL, 'Run `deploy` <script>alert(1)</script> [the runbook](https://wiki.example.com/run).', ['--force']);
    expect('storage' in verdict && verdict.storage).toContain('&lt;script&gt;');
    expect('storage' in verdict && verdict.storage).not.toContain('<script>');
  });
});

const PAGE = '<h2>Rollback</h2><p local-id="p1">Run <code>deploy --force</code> to skip the health check; see <a href="https://wiki.example.com/run">the runbook</a>.</p><p>Other text stays.</p>';
const finding: ShipFinding = {
  pageId: '1', title: 'Runbook', spaceKey: 'ENG', section: ['Rollback'], url: 'https://x/1', version: 3, kind: 'names-symbol',
  reason: "section 'Rollback' names `--force`; `--force` was removed in a1b2c3d",
  edit: { op: 'flag', sentence: 'Run deploy --force to skip the health check; see the runbook.' },
};
const change: ShipChange = {
  base: 'b'.repeat(40), head: 'a1b2c3d'.padEnd(40, '0'), subjects: ['Drop --force'], skipped: [], cut: [],
  files: [{ status: 'changed', path: 'src/cli.ts', hunks: [{ oldStart: 3, oldText: "  .option('--force')", newText: '' }] }],
  symbols: [{ kind: 'flag', name: '--force', change: 'removed', file: 'src/cli.ts' }],
};
const answering = (text: string | Error): Synthesizer & { prompts: string[] } => {
  const prompts: string[] = [];
  return {
    prompts,
    complete: async (messages) => {
      prompts.push(messages.map((m) => m.content).join('\n'));
      if (text instanceof Error) throw text;
      return text;
    },
  };
};

describe('draftProse', () => {
  it('reads the paragraph as Markdown and only that paragraph changes when the draft is applied', async () => {
    const doc = parseStorage(PAGE);
    expect(paragraphMarkdown(paragraphWith(doc, finding.edit.op === 'flag' ? finding.edit.sentence : '')!)).toBe(ORIGINAL);
    const model = answering('Run `deploy` to deploy; the health check always runs. See [the runbook](https://wiki.example.com/run).');
    const draft = await draftProse(model, doc, finding, change);
    expect(model.prompts[0]).toContain("-  .option('--force')");
    expect(model.prompts[0]).toContain(ORIGINAL);
    if (!('operations' in draft)) throw new Error(draft.refused);
    const plan = planEdits(doc, draft.operations);
    expect(plan.problems).toEqual([]);
    expect(splice(PAGE, plan.edits)).toBe('<h2>Rollback</h2><p>Run <code>deploy</code> to deploy; the health check always runs. See <a href="https://wiki.example.com/run">the runbook</a>.</p><p>Other text stays.</p>');
  });

  it('refuses when the model fails, so the finding stays with a person', async () => {
    expect(await draftProse(answering(new Error('429')), parseStorage(PAGE), finding, change)).toEqual({ refused: 'the model did not answer (error, quota or time)' });
  });

  it('refuses a paragraph holding a mention, without asking the model', async () => {
    const model = answering('x');
    const page = '<p>Ask <ac:link><ri:user ri:account-id="u1" /></ac:link> to run deploy --force to skip the health check; see the runbook.</p>';
    expect(await draftProse(model, parseStorage(page), { ...finding, edit: { op: 'flag', sentence: 'to run deploy --force to skip the health check' } }, change)).toEqual({ refused: expect.stringMatching(/mention/) });
    expect(model.prompts).toEqual([]);
  });
});
