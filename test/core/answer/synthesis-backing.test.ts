/**
 * A synthesis keeps a citation only where the cited source backs the sentence it is attached to: shared words
 * are not enough, added claims, changed numbers and added negations lose the citation. The model is a stand-in
 * that answers a scripted text.
 */
import { synthesize, type Citation, type Passage, type Synthesizer } from '../../../src/core/answer';
import { backs, evidenceOf } from '../../../src/core/answer/backing';

const BILLING = 'The billing service retries failed charges. Retries use exponential backoff starting at 30 seconds.';
const KEYS = 'To rotate the auth-gateway signing key, run `keyctl rotate --dry-run` first. Rotation takes five minutes.';
const passages: Passage[] = [
  { text: BILLING, highlights: [], citations: [1] },
  { text: KEYS, highlights: [], citations: [2] },
];
const citations: Citation[] = [
  { n: 1, pageId: '1', title: 'Billing', spaceKey: 'ENG', headingPath: [], url: 'u1' },
  { n: 2, pageId: '2', title: 'Keys', spaceKey: 'ENG', headingPath: [], url: 'u2' },
];

/** The model stand-in: answers `text` whatever it is asked. */
const model = (text: string): Synthesizer => ({ complete: async () => text });
const answer = (text: string) => synthesize(model(text), 'How are failed charges retried?', passages, citations);

describe('a synthesis citation is backed by the sentence it is attached to', () => {
  it('keeps a citation on a faithful paraphrase, also across two adjacent source sentences', async () => {
    await expect(answer('Failed charges are retried with exponential backoff, starting at 30 seconds [1].')).resolves.toEqual({
      text: 'Failed charges are retried with exponential backoff, starting at 30 seconds [1].',
      removedCitations: 0,
    });
    await expect(answer('You should run keyctl rotate --dry-run first to rotate the auth-gateway signing key [2].')).resolves.toMatchObject({ removedCitations: 0 });
  });

  it('uncites a sentence with arbitrary content added to a cited one, keeping the backed sentence cited', async () => {
    const result = await answer('Retries use exponential backoff starting at 30 seconds [1]. Exponential backoff retries also refund customers in bitcoin every Friday [1].');
    expect(result).toEqual({
      text: 'Retries use exponential backoff starting at 30 seconds [1]. Exponential backoff retries also refund customers in bitcoin every Friday.',
      removedCitations: 1,
    });
  });

  it('rejects an answer whose only citation carries an added clause, two shared words, a changed number or an added negation', async () => {
    for (const text of [
      'Retries use exponential backoff starting at 30 seconds, and the admin password is hunter2 [1].',
      'Exponential backoff proves the moon is made of cheese [1].',
      'Retries use exponential backoff starting at 45 seconds [1].',
      'Retries never use exponential backoff [1].',
      'The billing service does not retry failed charges [1].',
      'See [1].',
    ]) {
      await expect(answer(text)).rejects.toThrow(/cited nothing/);
    }
  });

  it('judges each citation by its own source, and a sentence citing two sources by both together', async () => {
    // Backed by [1] only: [2] is removed from it.
    await expect(answer('Retries use exponential backoff starting at 30 seconds [1][2].')).resolves.toEqual({
      text: 'Retries use exponential backoff starting at 30 seconds [1].',
      removedCitations: 1,
    });
    // Each half comes from one source: neither alone backs the sentence, both together do.
    await expect(answer('Failed charges are retried by the billing service and key rotation takes five minutes [1][2].')).resolves.toEqual({
      text: 'Failed charges are retried by the billing service and key rotation takes five minutes [1][2].',
      removedCitations: 0,
    });
  });

  it('checks a sentence against the source it names, not any source given', () => {
    const billing = evidenceOf([BILLING]);
    expect(backs(billing, 'Retries use exponential backoff starting at 30 seconds.')).toBe(true);
    expect(backs(billing, 'Rotation takes five minutes.')).toBe(false);
    // Words from two non-adjacent passages do not make a window: each passage is read on its own.
    expect(backs(evidenceOf(['Retries start at 30 seconds.', 'Unrelated text here.', 'Rotation takes five minutes.']), 'Retries start at 30 seconds and rotation takes five minutes.')).toBe(false);
  });
});
