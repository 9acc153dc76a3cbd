/** The analyzer remembers spans it has seen and skips normalisation for ASCII text: neither may change a term. */
import { analyze } from '../../../src/core/index/analyzer';

it('gives the same terms for a span seen before as for a fresh one, in every text it appears in', () => {
  const first = analyze('Deploying getUserById via /api/v2/pages --dry-run');
  const again = analyze('Deploying getUserById via /api/v2/pages --dry-run');
  expect(again).toEqual(first);
  expect(first.terms).toEqual(['deploi', 'getuserbyid', 'via', 'api', 'v2', 'page', 'dry', 'run']);
  // The cached arrays are copied into each result, never shared: changing one result leaves the next intact.
  first.terms.length = 0;
  expect(analyze('Deploying getUserById').terms).toEqual(['deploi', 'getuserbyid']);
});

it('still normalises text outside ASCII (NFKC) and splits ideographs, whatever came before', () => {
  analyze('Deploy deploy DEPLOY');
  expect(analyze('Ｄｅｐｌｏｙ ﬁle').terms).toEqual(analyze('Deploy file').terms);
  expect(analyze('日本語のdeploy').terms).toEqual(['日', '本', '語', 'の', 'deploi']);
});
