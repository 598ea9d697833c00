// SteadyMap and SteadySet answer exactly as a Map and a Set do, in insertion order, through any sequence
// of additions, deletions and clears (their anchor entry never shows).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SteadyMap, SteadySet } from './steady-table.js';

type Step = { kind: 'set'; key: number; value: number } | { kind: 'delete'; key: number } | { kind: 'clear' };

const steps = fc.array(
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.nat(8), value: fc.integer() }),
    },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.nat(8) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
  ),
  { maxLength: 60 },
) as fc.Arbitrary<Step[]>;

describe('SteadyMap', () => {
  it('matches a Map in size, lookups, deletes and iteration order after any sequence of changes', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const steady = new SteadyMap<number, number>();
        const map = new Map<number, number>();
        for (const step of sequence) {
          if (step.kind === 'set') {
            expect(steady.set(step.key, step.value)).toBe(steady);
            map.set(step.key, step.value);
          } else if (step.kind === 'delete') expect(steady.delete(step.key)).toBe(map.delete(step.key));
          else {
            steady.clear();
            map.clear();
          }
          expect(steady.size).toBe(map.size);
          for (let key = 0; key <= 8; key++) {
            expect(steady.has(key)).toBe(map.has(key));
            expect(steady.get(key)).toBe(map.get(key));
          }
          expect([...steady]).toEqual([...map]);
          expect([...steady.keys()]).toEqual([...map.keys()]);
          expect([...steady.values()]).toEqual([...map.values()]);
          expect([...steady.entries()]).toEqual([...map.entries()]);
        }
      }),
    );
  });

  it('is empty when new and after its last entry is deleted', () => {
    const steady = new SteadyMap<string, number>();
    expect(steady.size).toBe(0);
    expect([...steady]).toEqual([]);
    steady.set('order-1', 1);
    steady.delete('order-1');
    expect(steady.size).toBe(0);
    expect([...steady.values()]).toEqual([]);
  });
});

describe('SteadySet', () => {
  it('matches a Set in size, membership, deletes and iteration order after any sequence of changes', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const steady = new SteadySet<number>();
        const set = new Set<number>();
        for (const step of sequence) {
          if (step.kind === 'set') {
            expect(steady.add(step.key)).toBe(steady);
            set.add(step.key);
          } else if (step.kind === 'delete') expect(steady.delete(step.key)).toBe(set.delete(step.key));
          else {
            steady.clear();
            set.clear();
          }
          expect(steady.size).toBe(set.size);
          for (let key = 0; key <= 8; key++) expect(steady.has(key)).toBe(set.has(key));
          expect([...steady]).toEqual([...set]);
          expect([...steady.values()]).toEqual([...set.values()]);
        }
      }),
    );
  });
});
