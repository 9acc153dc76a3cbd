/**
 * Hostile text through every UI in Chromium (test/support/xss.ts): no payload runs, none becomes markup, and every
 * UI shows one as text (so a UI that rendered nothing, or a sweep that never reached it, fails here).
 */
import { runXssSweep, type XssSweep } from '../support/xss';

jest.setTimeout(240_000);

let sweep: XssSweep;
beforeAll(async () => {
  sweep = await runXssSweep();
});

test('no payload runs in any frame of any UI (no __xss call, no dialog)', () => {
  expect(sweep.executed).toEqual([]);
  expect(sweep.dialogs).toEqual([]);
});

test('no hostile text becomes markup: no handler attribute, script, srcdoc or javascript:/data: URL carrying a payload', () => {
  expect(sweep.injected).toEqual([]);
});

test('every UI shows a payload as text', () => {
  expect(sweep.surfaces.filter((s) => !s.shown).map((s) => s.name)).toEqual([]);
  expect(sweep.surfaces.length).toBeGreaterThanOrEqual(9);
});

test('the detectors work: a payload planted as markup on purpose is both reported by the binding and found in the DOM', () => {
  expect(sweep.canary).toEqual({ executed: true, injected: true });
});
