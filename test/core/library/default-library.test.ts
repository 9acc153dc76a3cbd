import { chooseLibrary, type LibraryCandidate } from '../../../src/core/library';

const eng: LibraryCandidate = { id: 'lib-eng', name: 'Engineering', spaceKeys: ['ENG', 'SRE'], createdAt: 2 };
const help: LibraryCandidate = { id: 'lib-help', name: 'Help Center', spaceKeys: ['KB'], createdAt: 3 };
const all: LibraryCandidate = { id: 'lib-all', name: 'Everything', spaceKeys: ['ENG', 'SRE', 'KB'], createdAt: 1 };

describe('which Library an Ask macro answers from', () => {
  it("uses the macro's saved Library first, wherever the page is", () => {
    expect(chooseLibrary([eng, help], { configuredId: 'lib-help', spaceKey: 'ENG' })).toEqual({ library: help, reason: 'settings' });
  });

  it("without settings, uses the Library that indexes the page's space", () => {
    expect(chooseLibrary([eng, help], { spaceKey: 'KB' })).toEqual({ library: help, reason: 'space' });
    expect(chooseLibrary([eng, help], { spaceKey: 'SRE' })).toEqual({ library: eng, reason: 'space' });
  });

  it('of several Libraries indexing the space, the oldest answers, whatever their order', () => {
    expect(chooseLibrary([eng, all, help], { spaceKey: 'ENG' })?.library.id).toBe('lib-all');
    expect(chooseLibrary([help, eng, all], { spaceKey: 'ENG' })?.library.id).toBe('lib-all');
  });

  it('a saved Library that was deleted falls back to the rule, which says why', () => {
    expect(chooseLibrary([eng, help], { configuredId: 'lib-gone', spaceKey: 'KB' })).toEqual({ library: help, reason: 'space' });
  });

  it("falls back to the site's only Library, and asks the reader to choose only when nothing applies", () => {
    expect(chooseLibrary([help], { spaceKey: 'ENG' })).toEqual({ library: help, reason: 'only' });
    expect(chooseLibrary([help], { spaceKey: null })).toEqual({ library: help, reason: 'only' });
    expect(chooseLibrary([eng, help], { spaceKey: 'HR' })).toBeUndefined();
    expect(chooseLibrary([eng, help], {})).toBeUndefined();
    expect(chooseLibrary([], { spaceKey: 'ENG' })).toBeUndefined();
  });
});
