import { LibraryRepository } from '../../../src/core/library';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';

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

  it('are never created public without the confirmation, nor with one that is not `true` itself', async () => {
    const libraries = repo();
    await expect(libraries.create({ name: 'Open', visibility: 'public' }, 'a')).rejects.toThrow(/confirm/);
    await expect(libraries.create({ name: 'Open', visibility: 'public', confirmPublic: 'true' as unknown as boolean }, 'a')).rejects.toThrow(/confirm/);
    expect(await libraries.list()).toEqual([]);
    const open = await libraries.create({ name: 'Open', visibility: 'public', confirmPublic: true }, 'a');
    expect(open).toMatchObject({ visibility: 'public', publicConfirmation: { by: 'a' } });
  });

  it('refuse names that cannot be shown honestly, and fold lookalike forms', async () => {
    const libraries = repo();
    const refused: Array<[string, RegExp]> = [
      ['Pay\u0000roll', /control characters/],
      ['Pay\uD800roll', /broken characters/],
      ['Payroll\u202Egnp.exe', /text-direction/],
      ['\u200B\u200C\u2060\uFEFF', /Give the Library a name/],
      ['\u3164\u115F', /Give the Library a name/],
      ['P\u0430yroll', /mix alphabets/],
    ];
    for (const [name, why] of refused) await expect(libraries.create({ name }, 'a')).rejects.toThrow(why);
    expect(await libraries.list()).toEqual([]);
    expect((await libraries.create({ name: '\uFF30ayro\u200Bll' }, 'a')).name).toBe('Payroll');
    await expect(libraries.create({ name: 'payroll' }, 'a')).rejects.toThrow(/already exists/);
    expect((await libraries.create({ name: 'Σ Docs 日本語 😀' }, 'a')).name).toBe('Σ Docs 日本語 😀');
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

describe('concurrent changes to one Library', () => {
  function setup() {
    let t = 1_000_000;
    const store = new MemoryKeyValueStore();
    const clock = { now: () => t, advance: (ms: number) => (t += ms) };
    return { store, clock, libraries: new LibraryRepository(store, clock, () => 'lib1') };
  }
  const space = (id: string) => ({ id, key: `K${id}`, name: `Space ${id}` });

  it('keeps both of two space admins\' opt-ins made at the same moment', async () => {
    const { libraries } = setup();
    await libraries.create({ name: 'Docs' }, 'a');
    await libraries.connectSource('lib1', { kind: 'app' }, 'a');
    const changes = await Promise.all(['1', '2', '3', '4'].map((id) => libraries.includeSpace('lib1', space(id), true, `admin-${id}`)));
    expect((await libraries.get('lib1'))!.source!.spaces.map((s) => s.id).sort()).toEqual(['1', '2', '3', '4']);
    // Each writer saw its own space as added exactly once.
    expect(changes.map((c) => c.added.map((s) => s.id))).toEqual([['1'], ['2'], ['3'], ['4']]);
  });

  it('does not let a sync job\'s health write undo an admin\'s rename made meanwhile', async () => {
    const { libraries } = setup();
    await libraries.create({ name: 'Docs' }, 'a');
    await libraries.connectSource('lib1', { kind: 'app' }, 'a');
    await Promise.all([
      libraries.update('lib1', { name: 'Handbook' }, 'a'),
      libraries.setHealth('lib1', { state: 'needs_reauthorization', since: 1, reason: 'expired' }),
    ]);
    const library = (await libraries.get('lib1'))!;
    expect(library.name).toBe('Handbook');
    expect(library.source!.health.state).toBe('needs_reauthorization');
    expect(library.revision).toBe(3);
  });

  it('skips a revision claimed by a writer that died before writing, once the claim is a minute old', async () => {
    const { libraries, store, clock } = setup();
    await libraries.create({ name: 'Docs' }, 'a');
    await store.set('librev:lib1:0000000001', { at: clock.now() });
    await expect(libraries.update('lib1', { autoAccept: true }, 'a')).rejects.toThrow(/Someone else is changing this Library/);
    expect((await libraries.get('lib1'))!.autoAccept).toBe(false);
    clock.advance(61_000);
    const updated = await libraries.update('lib1', { autoAccept: true }, 'a');
    expect(updated).toMatchObject({ autoAccept: true, revision: 2 });
  });

  it('removes its revision markers with the Library', async () => {
    const { libraries, store } = setup();
    await libraries.create({ name: 'Docs' }, 'a');
    for (const name of ['B', 'C', 'D']) await libraries.update('lib1', { name }, 'a');
    expect((await store.list('librev:lib1:')).entries).toHaveLength(3);
    await libraries.remove('lib1');
    expect((await store.list('librev:')).entries).toHaveLength(0);
    expect(await libraries.get('lib1')).toBeUndefined();
  });
});
