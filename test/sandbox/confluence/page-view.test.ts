import { headingAnchor } from '../../../src/core/content/chunks';
import { startSimulator, type Simulator } from '../../../sandbox/confluence';
import { permissionWorld } from '../../../sandbox/confluence/demo/permission-world';
import { storageSections } from '../../../sandbox/confluence/page-view';
import { loadSeed } from '../../../sandbox/start';
import { wellFormedError } from './wellformed';

describe('storageSections', () => {
  it('cuts the body at its headings, with the anchors the app links to, as text only', () => {
    const sections = storageSections(
      '<p>Intro &amp; scope</p><h2>Getting  <strong>started</strong></h2><p>See <ac:link><ri:page ri:content-title="Deploy &amp; roll back" /></ac:link> first.</p>' +
        '<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">false</ac:parameter><ac:rich-text-body><p>Careful <script>x</script></p></ac:rich-text-body></ac:structured-macro>' +
        '<h3>Ask <ac:link><ri:user ri:account-id="acc-1" /></ac:link></h3><p><ac:link><ri:page ri:content-title="Other" /><ac:plain-text-link-body><![CDATA[the other page]]></ac:plain-text-link-body></ac:link></p>',
      (id) => (id === 'acc-1' ? 'Ada Admin' : undefined),
    );
    expect(sections).toEqual([
      { paragraphs: ['Intro & scope'] },
      { heading: { level: 2, text: 'Getting started', anchor: 'Getting-started' }, paragraphs: ['See Deploy & roll back first.', 'Careful x'] },
      { heading: { level: 3, text: 'Ask @Ada Admin', anchor: 'Ask-@Ada-Admin' }, paragraphs: ['the other page'] },
    ]);
    for (const section of sections) if (section.heading) expect(encodeURIComponent(section.heading.anchor)).toBe(headingAnchor(section.heading.text));
  });
});

describe('permission world', () => {
  const world = permissionWorld();

  it('is the same for the same seed, another for another, and `permissions[:N]` loads it', async () => {
    expect(permissionWorld()).toEqual(world);
    expect(permissionWorld(8).questions.map((q) => q.code)).not.toEqual(world.questions.map((q) => q.code));
    await expect(loadSeed('permissions')).resolves.toEqual(world.site);
    await expect(loadSeed('permissions:8')).resolves.toEqual(permissionWorld(8).site);
  });

  it('has ten users, fifteen questions whose words are on readable and restricted pages, and well-formed bodies', () => {
    expect(world.site.users).toHaveLength(10);
    expect(new Set(world.site.users.map((u) => u.groups?.join())).size).toBeGreaterThanOrEqual(6);
    expect(world.questions).toHaveLength(15);
    for (const question of world.questions) {
      const pages = world.pages.filter((p) => question.pageTitles.includes(p.title));
      expect(pages.map((p) => p.access)).toContain('open');
      for (const page of pages) expect(world.site.pages.find((p) => p.title === page.title)!.body).toContain(`project ${question.code}`);
    }
    expect(new Set(world.pages.map((p) => p.title)).size).toBe(world.pages.length);
    for (const page of world.site.pages) expect(wellFormedError(page.body)).toBeNull();
  });
});

describe('page view through the control API', () => {
  let sim: Simulator;
  const world = permissionWorld();
  beforeAll(async () => {
    sim = await startSimulator({ seed: world.site });
  });
  afterAll(() => sim?.close());

  it('shows a page only to those who may read it, restricted ancestors included', () => {
    let shown = 0;
    for (const child of world.pages.filter((p) => p.access === 'inherited')) {
      const page = sim.control.findPage(child.title)!;
      const parent = sim.control.page(page.parentId!)!;
      expect(page.restrictions.read).toEqual([]);
      expect(parent.restrictions.read.length).toBeGreaterThan(0);
      for (const u of world.site.users) {
        const view = sim.control.pageView(u.accountId, page.id);
        if (!sim.control.canRead(u.accountId, parent.id)) expect(view).toBeUndefined();
        if (!view) continue;
        shown += 1;
        expect(view).toMatchObject({ id: page.id, title: child.title, spaceKey: child.spaceKey });
        expect(view.sections.some((s) => s.heading?.text.startsWith(world.questions[child.answers[0]!]!.code))).toBe(true);
      }
    }
    expect(shown).toBeGreaterThan(0);
  });
});
