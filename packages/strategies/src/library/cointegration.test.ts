// Engle-Granger: a constructed cointegrated pair passes with its hedge ratio recovered; two
// independent random walks do not; the critical values follow MacKinnon's table.
import { SeededRandom } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { augmentedDickeyFuller, engleGranger, engleGrangerCriticalValue } from './cointegration.js';

function randomWalk(random: SeededRandom, length: number, start: number): number[] {
  const walk = [start];
  for (let index = 1; index < length; index++) walk.push((walk[index - 1] as number) + (random.next() - 0.5));
  return walk;
}

describe('Engle-Granger cointegration test', () => {
  it('finds y = 1 + 2x + stationary noise cointegrated, with hedge ratio ≈ 2', () => {
    const random = new SeededRandom(3);
    const x = randomWalk(random, 500, 50);
    const y = x.map((value) => 1 + 2 * value + (random.next() - 0.5) * 0.5);
    const result = engleGranger(y, x);
    expect(result.slope).toBeCloseTo(2, 1);
    expect(result.cointegrated).toBe(true);
    expect(result.statistic).toBeLessThan(engleGrangerCriticalValue(500, 0.01));
  });

  it('rejects most pairs of independent random walks at 5%', () => {
    const random = new SeededRandom(9);
    let cointegrated = 0;
    for (let trial = 0; trial < 40; trial++) {
      if (engleGranger(randomWalk(random, 250, 50), randomWalk(random, 250, 50)).cointegrated) cointegrated++;
    }
    // A 5% test: about 2 of 40 by chance; far fewer than half.
    expect(cointegrated).toBeLessThan(8);
  });

  it('gives a stationary series a very negative ADF statistic and a random walk one near zero', () => {
    const random = new SeededRandom(4);
    const noise = Array.from({ length: 300 }, () => random.next() - 0.5);
    expect(augmentedDickeyFuller(noise)).toBeLessThan(-8);
    expect(augmentedDickeyFuller(randomWalk(random, 300, 0))).toBeGreaterThan(-3);
  });

  it('uses MacKinnon’s response surface for two variables with a constant', () => {
    expect(engleGrangerCriticalValue(100, 0.05)).toBeCloseTo(-3.33613 - 6.1101 / 100 - 6.823 / 10_000, 10);
    expect(engleGrangerCriticalValue(1_000_000, 0.01)).toBeCloseTo(-3.89644, 4);
  });
});
