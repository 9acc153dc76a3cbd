import { LibraryRepository } from '../../src/core/library';
import { MemoryKeyValueStore } from '../../src/core/store/memory-store';

function repo() {
  let t = 1_000;
  let n = 0;
  return new LibraryRepository(new MemoryKeyValueStore(), { now: () => (t += 1) }, () => `lib${++n}`);
}

describe('Libraries', () => {
  it('are private with Auto-Accept off by default', async () => {
    const libraries = repo();
    const library = await libraries.create({ name: '  Engineering   docs ' }, 'acc-admin');
    expect(library).toMatchObject({ name: 'Engineering docs', visibility: 'private', autoAccept: false, synthesis: false });
    expect(await libraries.list()).toHaveLength(1);
  });

  it('become public only with an explicit confirmation, and lose it when made private again', async () => {
    const libraries = repo();
    const library = await libraries.create({ name: 'Docs' }, 'a');
    await expect(libraries.update(library.id, { visibility: 'public' }, 'a')).rejects.toThrow(/confirm/);
    const open = await libraries.update(library.id, { visibility: 'public', confirmPublic: true }, 'a');
    expect(open.publicConfirmation).toEqual({ by: 'a', at: expect.any(Number) });
    const closed = await libraries.update(library.id, { visibility: 'organization' }, 'a');
    expect(closed.publicConfirmation).toBeUndefined();
  });

  it('refuse empty, overlong and duplicate names with a message for the admin', async () => {
    const libraries = repo();
    await libraries.create({ name: 'Docs' }, 'a');
    await expect(libraries.create({ name: '   ' }, 'a')).rejects.toThrow('Give the Library a name.');
    await expect(libraries.create({ name: 'x'.repeat(101) }, 'a')).rejects.toThrow(/at most 100/);
    await expect(libraries.create({ name: 'docs' }, 'a')).rejects.toThrow(/already exists/);
  });

  it('validate SMTP notification settings', async () => {
    const libraries = repo();
    const library = await libraries.create({ name: 'Docs' }, 'a');
    await expect(
      libraries.update(library.id, { notification: { kind: 'smtp', host: 'smtp.example.com', port: 70000, secure: false, from: 'a@b.c', to: ['x@y.z'] } }, 'a'),
    ).rejects.toThrow(/port/);
    const ok = await libraries.update(library.id, { notification: { kind: 'smtp', host: 'smtp.example.com', port: 587, secure: true, from: 'a@b.c', to: ['x@y.z'] } }, 'a');
    expect(ok.notification).toMatchObject({ kind: 'smtp', port: 587 });
  });

  it('stop being usable the moment deletion starts', async () => {
    const libraries = repo();
    const library = await libraries.create({ name: 'Docs' }, 'a');
    await libraries.markDeleting(library.id, 'a');
    await expect(libraries.require(library.id)).rejects.toThrow(/does not exist/);
    expect(await libraries.get('../etc')).toBeUndefined();
  });
});
