// Monthly returns: each month against the month before's last equity, the first against the cash.
import { describe, expect, it } from 'vitest';
import { monthlyReturns } from './monthly-returns.js';

describe('monthlyReturns', () => {
  it('compounds each month on the last equity of the month before, leaving months without points empty', () => {
    const rows = monthlyReturns(
      [
        { time: Date.UTC(2024, 0, 10), equity: 105 },
        { time: Date.UTC(2024, 0, 31), equity: 110 },
        { time: Date.UTC(2024, 2, 5), equity: 99 },
        { time: Date.UTC(2025, 0, 2), equity: 108.9 },
      ],
      100,
    );
    expect(rows.map(([year]) => year)).toEqual(['2024', '2025']);
    const [, returns2024] = rows[0] as [string, (number | null)[]];
    expect(returns2024[0]).toBeCloseTo(0.1, 12);
    expect(returns2024[1]).toBeNull();
    expect(returns2024[2]).toBeCloseTo(-0.1, 12);
    expect((rows[1] as [string, (number | null)[]])[1][0]).toBeCloseTo(0.1, 12);
  });
});
