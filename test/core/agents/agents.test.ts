import { AgentTokens, RateLimiter, siteTagOf, setupSnippets } from '../../../src/core/agents';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { findSection, markdownSections, parsePageRef, ToolFailure } from '../../../src/core/usecases';

describe('agent tokens', () => {
  const clock = { t: 1_000_000, now() { return this.t; } };
  const store = new MemoryKeyValueStore();
  const tokens = new AgentTokens(store, clock, { siteTag: siteTagOf('ari:cloud:confluence::site/abc') });

  it('stores only a hash, verifies, tracks last use, expires and revokes', async () => {
    const { token, view } = await tokens.mint('acc-1', { libraryId: 'lib-1', name: 'laptop', days: 1 });
    expect(JSON.stringify([...(await store.list('', { limit: 100 })).entries])).not.toContain(token.split('_')[3]);
    expect(view).toMatchObject({ ownerAccountId: 'acc-1', libraryId: 'lib-1', state: 'active' });
    expect(view).not.toHaveProperty('hash');
    const ok = await tokens.verify(token);
    expect(ok.ok && ok.record.lastUsedAt).toBe(clock.t);
    expect(await tokens.verify(token.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toEqual({ ok: false, reason: 'unknown' });
    expect(await tokens.verify('lbr_nothex')).toEqual({ ok: false, reason: 'malformed' });
    expect(await tokens.verify(undefined)).toEqual({ ok: false, reason: 'missing' });
    const foreign = new AgentTokens(store, clock, { siteTag: siteTagOf('other') });
    expect(await foreign.verify(token)).toEqual({ ok: false, reason: 'other-installation' });
    await expect(tokens.revoke('acc-2', view.id)).rejects.toThrow('No such token');
    expect((await tokens.revoke('acc-1', view.id)).state).toBe('revoked');
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'revoked' });
    const second = await tokens.mint('acc-1', { libraryId: 'lib-1', days: 1 });
    clock.t += 24 * 3600 * 1000;
    expect(await tokens.verify(second.token)).toEqual({ ok: false, reason: 'expired' });
    expect((await tokens.list('acc-1')).map((t) => t.state).sort()).toEqual(['expired', 'revoked']);
    expect(await tokens.list('acc-2')).toEqual([]);
  });

  it('refuses bad lifetimes and names', async () => {
    await expect(tokens.mint('acc-1', { libraryId: 'lib-1', days: 0 })).rejects.toThrow('days');
    await expect(tokens.mint('acc-1', { libraryId: 'lib-1', days: 366 })).rejects.toThrow('days');
    await expect(tokens.mint('acc-1', { libraryId: 'lib-1', name: 'x'.repeat(61) })).rejects.toThrow('name');
    await expect(tokens.mint('acc-1', { libraryId: '' })).rejects.toThrow('Library');
  });
});

describe('page references', () => {
  const site = 'https://acme.atlassian.net';
  it('reads ids and this site\'s page URLs, refuses other sites and junk', () => {
    expect(parsePageRef('12345', site)).toBe('12345');
    expect(parsePageRef(12345, site)).toBe('12345');
    expect(parsePageRef('https://acme.atlassian.net/wiki/spaces/ENG/pages/98765/Deploys#Rollback', site)).toBe('98765');
    expect(parsePageRef('https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=42', site)).toBe('42');
    for (const bad of ['https://evil.example/wiki/spaces/ENG/pages/1', 'ftp://acme.atlassian.net/x', 'hello', '', 'https://acme.atlassian.net/wiki/home']) {
      expect(() => parsePageRef(bad, site)).toThrow(ToolFailure);
    }
  });
});

describe('Markdown sections', () => {
  const md = ['Intro', '', '# Deploy', 'text', '```sh', '# not a heading', '```', '## Roll back', 'steps', '# Other', 'x'].join('\n');
  it('splits by ATX headings outside code fences, nested sections inside their parents', () => {
    const sections = markdownSections(md);
    expect(sections.map((s) => [s.heading, s.level])).toEqual([['Deploy', 1], ['Roll back', 2], ['Other', 1]]);
    const deploy = findSection(sections, 'deploy')!;
    expect(md.slice(deploy.start, deploy.end)).toContain('## Roll back');
    expect(md.slice(deploy.start, deploy.end)).not.toContain('# Other');
    expect(findSection(sections, 'Deploy > Roll back')?.heading).toBe('Roll back');
    expect(findSection(sections, 'Roll-back')?.heading).toBe('Roll back');
    expect(findSection(sections, 'Nope')).toBeUndefined();
  });
});

describe('rate limiter and set-up', () => {
  it('allows a burst, then refills with the clock', () => {
    const clock = { t: 0, now() { return this.t; } };
    const limiter = new RateLimiter(clock, 3, 1);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    clock.t += 1000;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('gives each client its config with the /mcp URL', () => {
    const steps = setupSnippets('https://x.example/public/id', 'lbr_t');
    expect(steps.map((s) => s.client)).toEqual(['claude', 'cursor', 'vscode', 'cli']);
    expect(steps[0]!.text).toBe('claude mcp add --transport http librarian https://x.example/public/id/mcp --header "Authorization: Bearer lbr_t"');
    expect(JSON.parse(steps[2]!.text).servers.librarian).toEqual({ type: 'http', url: 'https://x.example/public/id/mcp', headers: { Authorization: 'Bearer lbr_t' } });
  });
});
