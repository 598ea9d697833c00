// The incremental portfolio figures agree with a recomputation from scratch; alarms do not flap.
import { SeededRandom } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { quadraticForm } from '../risk/covariance.js';
import { HysteresisAlarm } from './hysteresis-alarm.js';
import { IncrementalPortfolioRisk } from './incremental-portfolio-risk.js';

describe('incremental portfolio risk', () => {
  it('keeps exposures, beta delta, equity and the P&L variance equal to a recomputation after many quotes', () => {
    const symbols = ['A', 'B', 'C', 'D'];
    const risk = new IncrementalPortfolioRisk(symbols, ['Tech', 'Tech', 'Energy', 'Health'], 0.99);
    const covariance = Float64Array.of(
      4e-4,
      1e-4,
      0,
      5e-5,
      1e-4,
      9e-4,
      2e-4,
      0,
      0,
      2e-4,
      1e-4,
      0,
      5e-5,
      0,
      0,
      2.5e-4,
    );
    const quantities = [100, -50, 200, 0];
    const betas = [1.2, 0.8, 1, 0.5];
    risk.setCash(50_000);
    quantities.forEach((quantity, slot) => {
      risk.setPrice(slot, 100);
      risk.setQuantity(slot, quantity);
      risk.setBeta(slot, betas[slot] as number);
    });
    risk.setCovariance(covariance);
    const random = new SeededRandom(9);
    const prices = [100, 100, 100, 100];
    for (let step = 0; step < 10_000; step++) {
      const slot = step % 4;
      prices[slot] = (prices[slot] as number) * (1 + (random.next() - 0.5) * 0.01);
      risk.setPrice(slot, prices[slot] as number);
      if (step === 5000) {
        quantities[3] = 30;
        risk.setQuantity(3, 30);
      }
    }
    const values = quantities.map((quantity, slot) => quantity * (prices[slot] as number));
    const figures = risk.figures();
    // From scratch: long A, C, D; short B.
    expect(figures.grossLong).toBeCloseTo(
      (values[0] as number) + (values[2] as number) + (values[3] as number),
      6,
    );
    expect(figures.grossShort).toBeCloseTo(-(values[1] as number), 6);
    expect(figures.equity).toBeCloseTo(50_000 + values.reduce((a, b) => a + b, 0), 6);
    expect(figures.betaDelta).toBeCloseTo(
      values.reduce((sum, value, slot) => sum + value * (betas[slot] as number), 0),
      6,
    );
    expect(figures.sectors.Tech).toEqual({
      long: expect.closeTo(values[0] as number, 6),
      short: expect.closeTo(-(values[1] as number), 6),
    });
    expect(figures.valueAtRisk).toBeCloseTo(2.326348 * Math.sqrt(quadraticForm(covariance, values)), 4);
    expect(figures.highWaterMark).toBeGreaterThanOrEqual(figures.equity);
  });

  it('measures drawdown from the high-water mark', () => {
    // Cash 0, 100 shares: 100 → 120 (HWM 12,000) → 90 (9,000): drawdown 1 - 9,000/12,000 = 25%.
    const risk = new IncrementalPortfolioRisk(['A'], ['Tech']);
    risk.setPrice(0, 100);
    risk.setQuantity(0, 100);
    risk.setPrice(0, 120);
    risk.setPrice(0, 90);
    expect(risk.figures().drawdown).toBeCloseTo(0.25, 12);
    expect(() => risk.setPrice(0, Number.NaN)).toThrow(/price of A/);
  });
});

describe('hysteresis alarm', () => {
  const levels = { warning: { raise: 0.8, clear: 0.7 }, critical: { raise: 1.0, clear: 0.9 } };

  it('does not flap while the value wanders inside the band', () => {
    const alarm = new HysteresisAlarm('VAR_UTILIZATION', levels);
    expect(alarm.update(0.81)).toEqual({ from: 'normal', to: 'warning', value: 0.81 });
    // 0.79, 0.81, 0.75, 0.79: inside [0.7, 0.8) or above, no change.
    for (const value of [0.79, 0.81, 0.75, 0.79, 0.71]) expect(alarm.update(value)).toBeNull();
    expect(alarm.update(0.69)).toEqual({ from: 'warning', to: 'normal', value: 0.69 });
    expect(alarm.update(0.79)).toBeNull();
  });

  it('escalates to critical and steps down through warning by the clear thresholds', () => {
    const alarm = new HysteresisAlarm('DRAWDOWN', levels);
    expect(alarm.update(1.2)?.to).toBe('critical');
    expect(alarm.update(0.95)).toBeNull();
    expect(alarm.update(0.85)?.to).toBe('warning');
    expect(alarm.update(1.0)?.to).toBe('critical');
    expect(alarm.update(0.5)).toEqual({ from: 'critical', to: 'normal', value: 0.5 });
    expect(
      () =>
        new HysteresisAlarm('BAD', {
          warning: { raise: 0.5, clear: 0.6 },
          critical: { raise: 1, clear: 0.9 },
        }),
    ).toThrow(/warning clear threshold must be below/);
  });
});
