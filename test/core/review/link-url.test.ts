import { linkUrl } from '../../../src/core/review';

it('takes absolute http(s) links', () => {
  expect(linkUrl('https://github.com/acme/api/pull/42')).toEqual({ url: new URL('https://github.com/acme/api/pull/42') });
  expect(linkUrl('http://git.example/c/a1b2c3')).toEqual({ url: new URL('http://git.example/c/a1b2c3') });
});

it('refuses other schemes, non-links and user info before the host, saying why', () => {
  expect(linkUrl('javascript:alert(1)')).toEqual({ refused: 'Links must be http or https.' });
  expect(linkUrl('data:text/html,<b>x</b>')).toEqual({ refused: 'Links must be http or https.' });
  expect(linkUrl('/wiki/spaces/ENG')).toEqual({ refused: '"/wiki/spaces/ENG" is not a link.' });
  expect(linkUrl(undefined)).toEqual({ refused: '"undefined" is not a link.' });
  for (const deceptive of ['https://acme.atlassian.net@evil.invalid/pull/1', 'https://user:pass@github.com/acme/api', 'https://:secret@github.com/']) {
    expect(linkUrl(deceptive)).toEqual({ refused: 'Links must not carry a user name or password before the host.' });
  }
});
