import { syncCount } from '../../../../static/shared/settings/format';

it('says how many pages a syncing space has indexed so far, and of how many when the crawl knows', () => {
  expect(syncCount({ pagesIndexed: 1250, pagesExpected: 4000 })).toBe('1,250 of about 4,000 pages indexed so far');
  expect(syncCount({ pagesIndexed: 0, pagesExpected: 120 })).toBe('0 of about 120 pages indexed so far');
  expect(syncCount({ pagesIndexed: 1250 })).toBe('1,250 pages indexed so far');
  expect(syncCount({ pagesIndexed: 1 })).toBe('1 page indexed so far');
  // An estimate the crawl has outgrown is not shown.
  expect(syncCount({ pagesIndexed: 130, pagesExpected: 120 })).toBe('130 pages indexed so far');
});
