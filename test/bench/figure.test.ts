import { assertFinite } from '../../bench/figure';

describe('bench figures', () => {
  it('refuses a NaN figure, naming it and its module', () => {
    expect(() => assertFinite({ figure: 'edit_to_indexed_s_scan', value: Number.NaN, unit: 's' }, 'sync')).toThrow(
      'bench module "sync": figure edit_to_indexed_s_scan is NaN, not a finite number; bench/results.json was not written',
    );
  });

  it('refuses an infinite reference value', () => {
    expect(() => assertFinite({ figure: 'ask_p95_ms', value: 12, unit: 'ms', vs: { name: 'filter off', value: Infinity } }, 'ask')).toThrow(
      'figure ask_p95_ms has a reference "filter off" of Infinity',
    );
  });

  it('refuses a value that is not a number at all', () => {
    expect(() => assertFinite({ figure: 'x', value: null as unknown as number, unit: 's' }, 'm')).toThrow('figure x is null');
  });

  it('accepts finite figures, zero included', () => {
    expect(() => assertFinite({ figure: 'edit_to_indexed_s_events', value: 0, unit: 's', vs: { name: 'n', value: 3.5 } }, 'sync')).not.toThrow();
  });
});
