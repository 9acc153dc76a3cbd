/**
 * The settings use cases without Forge: a memory store, a fake viewer and fake sync and notifier services, as
 * the CLI or a test would call them.
 */
import { LibraryRepository } from '../../../src/core/library';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { createLibrary, listLibrarySummaries, updateLibrary, type SettingsDeps, type Viewer } from '../../../src/core/usecases';

function world() {
  const libraries = new LibraryRepository(new MemoryKeyValueStore(), { now: () => 1 });
  const forgotten: string[] = [];
  const deps: SettingsDeps = {
    libraries,
    sources: {
      status: async (libraryId: string) => {
        const library = await libraries.require(libraryId);
        return {
          libraryId,
          health: { state: 'ok' as const },
          spaces: (library.source?.spaces ?? []).map((s) => ({ spaceId: s.id, spaceKey: s.key, name: s.name, phase: 'ready' as const, pagesIndexed: 1, pagesFailed: 0 })),
        };
      },
    } as unknown as SettingsDeps['sources'],
    notifier: { forgetSmtpPassword: async (id: string) => void forgotten.push(id) } as unknown as SettingsDeps['notifier'],
    findSpace: async () => undefined,
  };
  const viewer = (admin: boolean, readable: string[]): Viewer => ({
    accountId: admin ? 'admin' : 'member',
    displayName: async () => undefined,
    isSiteAdmin: async () => admin,
    isGuest: async () => false,
    readableSpaceKeys: async (keys) => new Set(keys.filter((key) => readable.includes(key))),
    administersSpace: async () => false,
  });
  return { deps, libraries, forgotten, viewer };
}

it('lists Libraries for a reader with only the spaces they can read and no channel, for an admin in full', async () => {
  const { deps, libraries, viewer } = world();
  const { library } = await createLibrary(deps, 'admin', { name: 'Docs' });
  await libraries.connectSource(library.id, { kind: 'user', accountId: 'admin' }, 'admin');
  await libraries.setSpaces(library.id, [{ id: '1', key: 'ENG', name: 'Eng' }, { id: '2', key: 'HR', name: 'People' }], 'admin');

  const reader = await listLibrarySummaries(deps, viewer(false, ['ENG']));
  expect(reader.canManage).toBe(false);
  const [seen] = reader.libraries;
  expect(seen!.library.source!.spaces).toEqual([{ id: '1', key: 'ENG', name: 'Eng' }]);
  expect(seen!.status.spaces.map((s) => s.spaceKey)).toEqual(['ENG']);
  expect(seen!.library.notification).toBeUndefined();
  expect(JSON.stringify(seen)).not.toMatch(/"admin"|People/);

  const full = await listLibrarySummaries(deps, viewer(true, []));
  expect(full.canManage).toBe(true);
  expect(full.libraries[0]!.library.source!.spaces.map((s) => s.key)).toEqual(['ENG', 'HR']);
  expect(full.libraries[0]!.library.createdBy).toBe('admin');
});

it('forgets the SMTP password when the channel moves to another host, and only then', async () => {
  const { deps, forgotten } = world();
  const { library } = await createLibrary(deps, 'admin', { name: 'Docs' });
  const smtp = { kind: 'smtp' as const, host: 'mail.example.com', port: 587, secure: false, from: 'a@example.com', to: ['b@example.com'], username: 'u' };
  await updateLibrary(deps, 'admin', { libraryId: library.id, notification: smtp });
  await updateLibrary(deps, 'admin', { libraryId: library.id, notification: { ...smtp, port: 2525 } });
  expect(forgotten).toEqual([]);
  await updateLibrary(deps, 'admin', { libraryId: library.id, notification: { ...smtp, host: 'evil.example.net' } });
  expect(forgotten).toEqual([library.id]);
});
