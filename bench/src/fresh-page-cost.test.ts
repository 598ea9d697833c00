// The fresh-page measure: one figure per buffer, median within the spread.
import { describe, expect, it } from 'vitest';
import { freshPageMicroseconds } from './fresh-page-cost.js';

describe('fresh page cost', () => {
  it('measures a positive time per fresh page, its median between the fastest and slowest buffer', () => {
    const pages = freshPageMicroseconds(4, 3);
    expect(pages.low).toBeGreaterThan(0);
    expect(pages.median).toBeGreaterThanOrEqual(pages.low);
    expect(pages.high).toBeGreaterThanOrEqual(pages.median);
  });
});
