import { safeHref, siteBase, siteLink } from '../../../static/shared/siteLink';

describe('safeHref', () => {
  it('keeps http(s) URLs and site-relative paths, normalized', () => {
    expect(safeHref('https://acme.atlassian.net/wiki/spaces/ENG/pages/1#Rollback')).toBe('https://acme.atlassian.net/wiki/spaces/ENG/pages/1#Rollback');
    expect(safeHref('  https://github.com/acme/api/pull/42 ')).toBe('https://github.com/acme/api/pull/42');
    expect(safeHref('HTTP://Example.COM')).toBe('http://example.com/');
    expect(safeHref('/wiki/spaces/ENG/pages/1')).toBe('/wiki/spaces/ENG/pages/1');
    expect(safeHref('/wiki/pages/viewpage.action?pageId=42')).toBe('/wiki/pages/viewpage.action?pageId=42');
    expect(safeHref('/wiki/spaces/ENG/pages/1/Deploy+runbook#Roll back')).toBe('/wiki/spaces/ENG/pages/1/Deploy+runbook#Roll%20back');
    // Dot segments are resolved, and cannot climb above the site's root.
    expect(safeHref('/wiki/../../etc')).toBe('/etc');
  });

  it('refuses other schemes, whatever their spelling', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'ftp://example.com/x', 'mailto:a@example.com', 'blob:https://acme.atlassian.net/1']) {
      expect(safeHref(url)).toBeUndefined();
    }
  });

  it('refuses protocol-relative URLs and the spellings a browser reads as one', () => {
    for (const url of ['//evil.example/x', '//site.invalid/x', '/\\evil.example/x', '\\\\evil.example', '/\t/evil.example', ' //evil.example']) {
      expect(safeHref(url)).toBeUndefined();
    }
  });

  it('refuses credentials in the URL, relative paths without a slash, and garbage', () => {
    for (const url of ['https://acme.atlassian.net@evil.example/', 'https://user:pass@acme.atlassian.net/', 'wiki/spaces/ENG', '../x', '#top', '?q=1', '', '   ', 'not a url', 'https://', 'http://[::1', `/${'a'.repeat(5000)}`, '/x\u0000y']) {
      expect(safeHref(url)).toBeUndefined();
    }
    for (const value of [undefined, null, 42, {}, ['https://example.com']]) expect(safeHref(value)).toBeUndefined();
  });
});

describe('siteLink', () => {
  it('gives the router a site-relative path as it is and the anchor the address on the site', () => {
    expect(siteLink('/wiki/spaces/ENG/pages/1', 'https://acme.atlassian.net')).toEqual({ to: '/wiki/spaces/ENG/pages/1', href: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/1' });
    // A trailing slash or path on the site URL does not double up: Confluence paths start at the origin.
    expect(siteLink('/wiki/x', 'https://acme.atlassian.net/')).toEqual({ to: '/wiki/x', href: 'https://acme.atlassian.net/wiki/x' });
    expect(siteLink('/wiki/x', 'https://acme.atlassian.net/wiki')).toEqual({ to: '/wiki/x', href: 'https://acme.atlassian.net/wiki/x' });
  });

  it('keeps the path as the href while the site URL is unknown or unusable', () => {
    expect(siteLink('/wiki/x')).toEqual({ to: '/wiki/x', href: '/wiki/x' });
    expect(siteLink('/wiki/x', 'javascript:alert(1)')).toEqual({ to: '/wiki/x', href: '/wiki/x' });
    expect(siteLink('/wiki/x', '/relative')).toEqual({ to: '/wiki/x', href: '/wiki/x' });
  });

  it('passes an absolute URL through unchanged, and gives nothing for an unsafe one', () => {
    expect(siteLink('https://github.com/acme/api/pull/42', 'https://acme.atlassian.net')).toEqual({ to: 'https://github.com/acme/api/pull/42', href: 'https://github.com/acme/api/pull/42' });
    expect(siteLink('javascript:alert(1)', 'https://acme.atlassian.net')).toBeUndefined();
    expect(siteLink('//evil.example/x', 'https://acme.atlassian.net')).toBeUndefined();
  });

  it('reads the site origin only from an http(s) URL', () => {
    expect(siteBase('https://acme.atlassian.net/wiki/')).toBe('https://acme.atlassian.net');
    expect(siteBase('http://127.0.0.1:4100')).toBe('http://127.0.0.1:4100');
    expect(siteBase('data:x')).toBeUndefined();
    expect(siteBase(undefined)).toBeUndefined();
  });
});
