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

  it('gives the same months as a key per point on a curve of minute points across month ends and out of order', () => {
    const curve: { time: number; equity: number }[] = [];
    let equity = 100;
    for (let minute = 0; minute < 200_000; minute += 7) {
      equity *= 1 + Math.sin(minute) / 1000;
      curve.push({ time: Date.UTC(2023, 11, 20) + minute * 60_000, equity });
    }
    curve.push({ time: Date.UTC(2023, 10, 3), equity: 90 }, { time: Date.UTC(2024, 0, 15), equity: 95 });
    const monthEnd = new Map<string, number>();
    for (const point of curve) monthEnd.set(new Date(point.time).toISOString().slice(0, 7), point.equity);
    const expected = new Map<string, (number | null)[]>();
    let previous = 100;
    for (const [month, value] of monthEnd) {
      const [year, monthNumber] = month.split('-') as [string, string];
      const row = expected.get(year) ?? Array.from({ length: 12 }, () => null);
      row[Number(monthNumber) - 1] = value / previous - 1;
      expected.set(year, row);
      previous = value;
    }
    expect(monthlyReturns(curve, 100)).toEqual([...expected]);
  });
});
