// SpareColumns: the smallest column that fits, a new one when none does, and a bounded keep.
import { describe, expect, it } from 'vitest';
import { SpareColumns } from './spare-columns.js';

describe('SpareColumns', () => {
  it('takes the smallest kept column that holds the length, else a new one', () => {
    const spare = new SpareColumns(4);
    const small = new Float64Array(10);
    const large = new Float64Array(100);
    spare.give(large);
    spare.give(small);
    // Views of exactly the length asked, over the kept columns' memory.
    const first = spare.take(8);
    expect(first).toHaveLength(8);
    expect(first.buffer).toBe(small.buffer);
    expect(spare.take(50).buffer).toBe(large.buffer);
    expect(spare.size).toBe(0);
    const made = spare.take(7);
    expect(made).toHaveLength(7);
    expect([small.buffer, large.buffer]).not.toContain(made.buffer);
  });

  it('keeps at most its bound, a larger column replacing the smallest when full', () => {
    const spare = new SpareColumns(2);
    const columns = [4, 8, 2, 16].map((length) => new Float64Array(length));
    for (const column of columns) spare.give(column);
    expect(spare.size).toBe(2);
    expect(spare.take(1).buffer).toBe(columns[1]?.buffer);
    expect(spare.take(1).buffer).toBe(columns[3]?.buffer);
  });

  it('takes back a view as the whole of its memory', () => {
    const spare = new SpareColumns(2);
    const view = spare.take(100).subarray(0, 10);
    spare.give(view);
    expect(spare.take(100).buffer).toBe(view.buffer);
  });
});
