// Applied-id tables: at-least-once delivery remembers each id; exactly-once delivery remembers none.
import { describe, expect, it } from 'vitest';
import { appliedIdsFor } from './applied-ids.js';

describe('appliedIdsFor', () => {
  it('at-least-once (the default) remembers every id added until it is deleted or cleared', () => {
    const applied = appliedIdsFor();
    applied.add('trade-1');
    applied.add('trade-2');
    expect(applied.has('trade-1')).toBe(true);
    applied.delete('trade-1');
    expect(applied.has('trade-1')).toBe(false);
    expect(applied.has('trade-2')).toBe(true);
    applied.clear();
    expect(applied.has('trade-2')).toBe(false);
    expect(appliedIdsFor('at-least-once')).toBeInstanceOf(Set);
  });

  it('exactly-once remembers no id: has() is false for an id just added', () => {
    const applied = appliedIdsFor('exactly-once');
    applied.add('trade-1');
    expect(applied.has('trade-1')).toBe(false);
    expect(applied).not.toBeInstanceOf(Set);
  });
});
