/**
 * `npm start -- --site URL --email E --token T`: the same app and host against a site reached with a person's API
 * token. The simulator stands in for the real site here: it speaks the same Basic email:token authentication.
 */
import { startSimulator, type Simulator } from '../../sandbox/confluence';
import { demoSite } from '../../sandbox/confluence/demo';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRealSite } from '../../sandbox/start';

const dataDir = () => mkdtempSync(join(tmpdir(), 'librarian-real-site-'));

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: demoSite() });
});
afterAll(async () => {
  await sim.close();
});

it('signs in with the API token and serves the app for that person', async () => {
  const running = await startRealSite({ mode: 'site', siteUrl: sim.url, email: 'admin@example.com', apiToken: 'admin-token' }, { dataDir: dataDir() });
  try {
    expect(running.urls.confluence).toBe(`${sim.url}/wiki`);
    const landing = await fetch(`${running.urls.app}/`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('admin@example.com');
  } finally {
    await running.close();
  }
});

it('refuses a bad token with a message that does not repeat it', async () => {
  const attempt = startRealSite({ mode: 'site', siteUrl: sim.url, email: 'admin@example.com', apiToken: 'not-the-token' }, { dataDir: dataDir() });
  await expect(attempt).rejects.toThrow('The site refused admin@example.com\'s token (HTTP 401).');
  await attempt.catch((error: Error) => expect(error.message).not.toContain('not-the-token'));
});
