// Hand-checked examples of the risk models: each expected value is worked out in the comment beside it.
import { SeededRandom } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { choleskyFactor } from './cholesky.js';
import { ewmaCovariance, sampleCovariance } from './covariance.js';
import { chiSquarePValue, normalQuantile } from './distributions.js';
import { historicalVar } from './historical-var.js';
import { monteCarloVar } from './monte-carlo-var.js';
import { parametricVarOf } from './parametric-var.js';
import { NormalDraws } from './random-draws.js';
import { logReturnMatrix } from './return-matrix.js';
import { riskContributions, riskParityWeights } from './risk-parity.js';
import { rollingHistoricalVar } from './rolling-var.js';
import {
  blackMondayIndexMove,
  historicalStress,
  indexShock,
  scaledVolatility,
  sectorShock,
} from './stress-test.js';
import { empiricalTail } from './value-at-risk.js';
import { backtestVar, christoffersenTest, kupiecTest } from './var-backtest.js';

describe('distributions', () => {
  it('gives the textbook normal quantiles and chi-square critical values', () => {
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 6);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    // 3.841459 and 5.991465 are the 5% critical values of χ²(1) and χ²(2).
    expect(chiSquarePValue(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquarePValue(5.991465, 2)).toBeCloseTo(0.05, 6);
    // χ²(2) has survival exp(-x/2): exp(-1) at x = 2.
    expect(chiSquarePValue(2, 2)).toBeCloseTo(Math.exp(-1), 10);
    expect(() => normalQuantile(1)).toThrow(/probability/);
  });
});

describe('empirical tail', () => {
  it('takes the k-th largest loss as VaR and the mean of the k largest as expected shortfall', () => {
    // Losses 1..100 at 95%: k = 100 × 0.05 = 5, VaR = 96 (5th largest), ES = (96+97+98+99+100)/5 = 98.
    const pnl = Float64Array.from({ length: 100 }, (_, index) => -(index + 1));
    expect(empiricalTail(pnl, 0.95)).toEqual({ valueAtRisk: 96, expectedShortfall: 98 });
  });
});

describe('historical VaR', () => {
  // Prices 100, 110, 99, 94.05, 95.931: daily moves +10%, -10%, -5%, +2%; exposure 1,000.
  const returns = logReturnMatrix([[100, 110, 99, 94.05, 95.931]]);

  it('revalues the exposure under each past day', () => {
    // One-day P&L: +100, -100, -50, +20. At 60%: k = ⌈4 × 0.4⌉ = 2, VaR = 50, ES = (100 + 50)/2 = 75.
    const estimate = historicalVar(returns, [1000], { confidence: 0.6 });
    expect(estimate.valueAtRisk).toBeCloseTo(50, 9);
    expect(estimate.expectedShortfall).toBeCloseTo(75, 9);
    expect(estimate.scenarios).toBe(4);
  });

  it('compounds overlapping windows for a longer horizon', () => {
    // Two-day moves: 1.1 × 0.9 = 0.99, 0.9 × 0.95 = 0.855, 0.95 × 1.02 = 0.969: P&L -10, -145, -31.
    // At 60%: k = ⌈3 × 0.4⌉ = 2, VaR = 31, ES = (145 + 31)/2 = 88.
    const estimate = historicalVar(returns, [1000], { confidence: 0.6, horizonDays: 2 });
    expect(estimate.valueAtRisk).toBeCloseTo(31, 9);
    expect(estimate.expectedShortfall).toBeCloseTo(88, 9);
  });

  it('refuses a confidence outside (0.5, 1) and exposures that do not match the assets', () => {
    expect(() => historicalVar(returns, [1000], { confidence: 1.2 })).toThrow(/confidence/);
    expect(() => historicalVar(returns, [1000, 5], { confidence: 0.99 })).toThrow(/2 exposures for 1 assets/);
    expect(() => logReturnMatrix([[100, 0, 3]])).toThrow(/series 0 price 1/);
  });
});

describe('covariance', () => {
  it('weights the newest observation most (RiskMetrics EWMA, normalized)', () => {
    // λ = 0.5 over two days: weights (1-λ)/(1-λ²) × (1, λ) = 2/3 (newest) and 1/3.
    // Returns (0.01, 0.02) then (-0.02, 0.01): var₁ = 2/3·0.0004 + 1/3·0.0001 = 0.0003,
    // var₂ = 2/3·0.0001 + 1/3·0.0004 = 0.0002, cov = 2/3·(-0.0002) + 1/3·0.0002 = -0.0002/3.
    const returns = { assets: 2, observations: 2, data: Float64Array.of(0.01, 0.02, -0.02, 0.01) };
    const covariance = ewmaCovariance(returns, 0.5);
    expect(covariance[0]).toBeCloseTo(0.0003, 15);
    expect(covariance[3]).toBeCloseTo(0.0002, 15);
    expect(covariance[1]).toBeCloseTo(-0.0002 / 3, 15);
    expect(covariance[2]).toBe(covariance[1]);
  });

  it('gives the unbiased sample covariance', () => {
    // Returns 1, 3 (mean 2) and 2, 6 (mean 4): var₁ = (1+1)/1 = 2, var₂ = (4+4)/1 = 8, cov = (2+2)/1 = 4.
    const covariance = sampleCovariance({ assets: 2, observations: 2, data: Float64Array.of(1, 2, 3, 6) });
    expect(Array.from(covariance)).toEqual([2, 4, 4, 8]);
  });

  it('factors Σ = L Lᵀ by Cholesky, and a singular Σ without failing', () => {
    // [[4, 2], [2, 3]]: L₁₁ = 2, L₂₁ = 2/2 = 1, L₂₂ = √(3 - 1) = √2.
    expect(Array.from(choleskyFactor(Float64Array.of(4, 2, 2, 3), 2))).toEqual([2, 0, 1, Math.SQRT2]);
    // Perfectly correlated assets: the second column is zero.
    expect(Array.from(choleskyFactor(Float64Array.of(1, 1, 1, 1), 2))).toEqual([1, 0, 1, 0]);
    expect(() => choleskyFactor(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive semi-definite/);
  });
});

describe('parametric VaR', () => {
  it('scales z σ by the square root of the horizon', () => {
    // σ = 2% of 1,000,000 = 20,000 a day; 10 days: 20,000 √10 = 63,245.55.
    // VaR99 = 2.326348 × 63,245.55 = 147,131.16; ES = 63,245.55 × φ(2.326348)/0.01 = 63,245.55 × 2.66521 = 168,562.95.
    const estimate = parametricVarOf(Float64Array.of(0.0004), [1_000_000], {
      confidence: 0.99,
      horizonDays: 10,
    });
    expect(estimate.valueAtRisk).toBeCloseTo(147_131.16, 1);
    expect(estimate.expectedShortfall).toBeCloseTo(168_562.95, 1);
  });

  it('nets a hedge through the correlation', () => {
    // Long and short 1,000 of two assets with σ 1% and ρ 0.8: σₚ² = 100 + 100 - 2·0.8·100 = 40, σₚ = 6.3246.
    const covariance = Float64Array.of(1e-4, 0.8e-4, 0.8e-4, 1e-4);
    const estimate = parametricVarOf(covariance, [1000, -1000], { confidence: 0.95 });
    expect(estimate.valueAtRisk).toBeCloseTo(1.644854 * Math.sqrt(40), 4);
  });
});

describe('Monte Carlo VaR', () => {
  it('matches the exact lognormal VaR of one asset within sampling error', () => {
    // One asset, σ = 1%, 1,000,000: exact VaR99 = 1e6 (1 - e^(-2.326348 × 0.01)) = 22,994.97.
    // The standard error of the 1% quantile of 100,000 draws is √(0.01·0.99/1e5)/φ(2.326) ≈ 0.012σ, 0.5% of VaR.
    const estimate = monteCarloVar(Float64Array.of(1e-4), [1_000_000], {
      confidence: 0.99,
      paths: 100_000,
      seed: 7,
    });
    expect(Math.abs(estimate.valueAtRisk / 22_994.97 - 1)).toBeLessThan(0.02);
    expect(estimate.expectedShortfall).toBeGreaterThan(estimate.valueAtRisk);
  });

  it('is reproducible by seed and changes with the seed', () => {
    const options = { confidence: 0.99, paths: 1000 };
    const covariance = Float64Array.of(1e-4, 0.5e-4, 0.5e-4, 4e-4);
    const first = monteCarloVar(covariance, [1000, 2000], { ...options, seed: 3 });
    expect(monteCarloVar(covariance, [1000, 2000], { ...options, seed: 3 })).toEqual(first);
    expect(monteCarloVar(covariance, [1000, 2000], { ...options, seed: 4 }).valueAtRisk).not.toBe(
      first.valueAtRisk,
    );
  });

  it('fattens the 99% tail and thins the 95% one with variance-matched Student-t shocks', () => {
    // t(5) scaled to unit variance: quantile 3.365 × √(3/5) = 2.606 at 99% (normal 2.326), 2.015 × √0.6 = 1.561 at 95% (normal 1.645).
    const covariance = Float64Array.of(1e-4);
    const run = (confidence: number, distribution: 'normal' | 'student-t') =>
      monteCarloVar(covariance, [1e6], { confidence, paths: 100_000, distribution, seed: 11 }).valueAtRisk;
    expect(run(0.99, 'student-t') / run(0.99, 'normal')).toBeCloseTo(2.606 / 2.326, 1);
    expect(run(0.95, 'student-t')).toBeLessThan(run(0.95, 'normal'));
  });

  it('sees a perfect hedge through a singular covariance', () => {
    // ρ = -1, equal volatility, equal long exposures: the shocks cancel; only the convexity of exp is left.
    const estimate = monteCarloVar(Float64Array.of(1e-4, -1e-4, -1e-4, 1e-4), [1000, 1000], {
      confidence: 0.99,
      paths: 1000,
    });
    expect(Math.abs(estimate.valueAtRisk)).toBeLessThan(0.01);
  });

  it('draws gamma variables with the right mean (chi-square of ν degrees of freedom has mean ν)', () => {
    const draws = new NormalDraws(new SeededRandom(5));
    let sum = 0;
    for (let i = 0; i < 50_000; i++) sum += 2 * draws.gamma(2.5);
    expect(sum / 50_000).toBeCloseTo(5, 1);
  });
});

describe('VaR backtests', () => {
  it('computes Kupiec LR_pof by hand: 5 exceptions in 250 days at 99%', () => {
    // LR = -2[245 ln 0.99 + 5 ln 0.01] + 2[245 ln 0.98 + 5 ln 0.02] = 50.97636 - 49.01955 = 1.956810;
    // p = P(χ²₁ > 1.9568) = 2(1 - Φ(1.39886)) = 0.1619: accepted at 5%.
    const test = kupiecTest(250, 5, 0.99);
    expect(test.statistic).toBeCloseTo(1.95681, 5);
    expect(test.pValue).toBeCloseTo(0.1619, 3);
    expect(test.accepted).toBe(true);
  });

  it('rejects a VaR that is never exceeded in 250 days at 99% (too conservative)', () => {
    // x = 0: LR = -2 × 250 ln 0.99 = 5.025168; p = 2(1 - Φ(2.2417)) = 0.0250 < 0.05.
    const test = kupiecTest(250, 0, 0.99);
    expect(test.statistic).toBeCloseTo(5.025168, 5);
    expect(test.pValue).toBeCloseTo(0.025, 3);
    expect(test.accepted).toBe(false);
  });

  it('computes Christoffersen LR_ind by hand on a short sequence', () => {
    // 0 0 1 1 0 0: n00 = 2, n01 = 1, n11 = 1, n10 = 1; π₀ = 1/3, π₁ = 1/2, π = 2/5.
    // ln L₀ = 3 ln 0.6 + 2 ln 0.4 = -3.365058; ln L₁ = 2 ln(2/3) + ln(1/3) + 2 ln(1/2) = -3.295837.
    // LR = -2(-3.365058 + 3.295837) = 0.138443.
    const test = christoffersenTest(Uint8Array.of(0, 0, 1, 1, 0, 0));
    expect(test.statistic).toBeCloseTo(0.138443, 5);
  });

  it('counts an exception where the loss exceeds the VaR, not where it equals it', () => {
    const history = [
      { valueAtRisk: 10, pnl: -10 },
      { valueAtRisk: 10, pnl: -10.5 },
      { valueAtRisk: 10, pnl: 4 },
    ];
    const result = backtestVar(history, 0.95);
    expect(result.exceptions).toBe(1);
    expect(result.conditionalCoverage.statistic).toBeCloseTo(
      result.kupiec.statistic + result.christoffersen.statistic,
      12,
    );
    expect(() => backtestVar([{ valueAtRisk: Number.NaN, pnl: 1 }], 0.99)).toThrow(/observation 0/);
  });
});

describe('stress tests', () => {
  const positions = [
    { symbol: 'AAA', value: 10_000, sector: 'Technology', beta: 1.5 },
    { symbol: 'BBB', value: -5_000, sector: 'Energy', beta: 0.8 },
  ];

  it('replays a window from the last close before it to the last close inside it', () => {
    // AAA: 100 on 09-30, 70 on 10-31: -30%, P&L -3,000. BBB: 50 → 40: -20%, short 5,000: +1,000. Total -2,000.
    const histories = new Map([
      [
        'AAA',
        {
          dates: ['2008-09-29', '2008-09-30', '2008-10-15', '2008-10-31', '2008-11-03'],
          closes: [101, 100, 80, 70, 75],
        },
      ],
      ['BBB', { dates: ['2008-09-30', '2008-10-31'], closes: [50, 40] }],
    ]);
    const result = historicalStress(positions, histories, {
      name: 'oct',
      from: '2008-10-01',
      to: '2008-10-31',
    });
    expect(result.pnl).toBeCloseTo(-2000, 9);
    expect(result.covered).toBe(true);
    const uncovered = historicalStress(positions, histories, {
      name: 'mar',
      from: '2020-03-01',
      to: '2020-03-31',
    });
    expect(uncovered.covered).toBe(false);
    expect(uncovered.uncovered).toEqual(['AAA', 'BBB']);
  });

  it('moves positions by beta for an index shock and only the sector for a sector shock', () => {
    // Index -10%: AAA 10,000 × 1.5 × -0.1 = -1,500; BBB -5,000 × 0.8 × -0.1 = +400: total -1,100.
    expect(indexShock(positions, -0.1).pnl).toBeCloseTo(-1100, 9);
    // Black Monday: 224.84/282.70 - 1 = -20.467%; AAA -3,070.1, BBB +818.7.
    expect(blackMondayIndexMove).toBeCloseTo(-0.204669, 6);
    // Technology -20%: AAA -2,000, BBB unmoved.
    expect(sectorShock(positions, 'Technology', -0.2).pnl).toBeCloseTo(-2000, 9);
    // Volatility ×2 quadruples the covariance, so parametric VaR doubles.
    const covariance = Float64Array.of(1e-4);
    const base = parametricVarOf(covariance, [1000], { confidence: 0.99 }).valueAtRisk;
    expect(
      parametricVarOf(scaledVolatility(covariance, 2), [1000], { confidence: 0.99 }).valueAtRisk,
    ).toBeCloseTo(2 * base, 9);
  });
});

describe('risk parity', () => {
  it('matches the hand-solved three-asset answer to 1e-6', () => {
    // Assets 1, 2: σ = 0.2, ρ₁₂ = 0.5; asset 3: σ = 0.3, uncorrelated. By symmetry w₁ = w₂ = a, w₃ = b.
    // RC₁ = a(σ²a + ρσ²a) = a²σ²(1+ρ), RC₃ = b²σ₃². Equal: aσ√(1+ρ) = bσ₃ → b = a · 0.2√1.5/0.3 = a√(2/3).
    // 2a + b = 1 → a = 1/(2 + √(2/3)) = 0.6 - 0.3√(2/3) = 0.355051026, b = 0.6√(2/3) - 0.2 = 0.289897949.
    const covariance = Float64Array.of(0.04, 0.02, 0, 0.02, 0.04, 0, 0, 0, 0.09);
    const { weights, riskContributions: contributions } = riskParityWeights(covariance);
    const a = 0.6 - 0.3 * Math.sqrt(2 / 3);
    const b = 0.6 * Math.sqrt(2 / 3) - 0.2;
    expect(Math.abs(weights[0]! - a)).toBeLessThan(1e-6);
    expect(Math.abs(weights[1]! - a)).toBeLessThan(1e-6);
    expect(Math.abs(weights[2]! - b)).toBeLessThan(1e-6);
    for (const contribution of contributions) expect(contribution).toBeCloseTo(1 / 3, 9);
  });

  it('meets unequal risk budgets on a correlated matrix', () => {
    const covariance = Float64Array.of(0.04, 0.006, 0.012, 0.006, 0.09, 0.027, 0.012, 0.027, 0.16);
    const result = riskParityWeights(covariance, [0.5, 0.3, 0.2]);
    const contributions = riskContributions(covariance, result.weights);
    expect(contributions[0]).toBeCloseTo(0.5, 9);
    expect(contributions[1]).toBeCloseTo(0.3, 9);
    expect(contributions[2]).toBeCloseTo(0.2, 9);
    expect(() => riskParityWeights(Float64Array.of(0, 0, 0, 1))).toThrow(/asset 0/);
  });
});

describe('rolling historical VaR of an equity curve', () => {
  it('takes the k-th largest scenario loss of the current equity under the window’s returns', () => {
    // Equity 100, 110, 99, 104.94, 99.693: returns +10%, -10%, +6%, -5%.
    // Window 3 at t = 3 (equity 104.94): returns +10%, -10%, +6% → P&L 10.494, -10.494, 6.2964;
    // at 60%: k = ⌈3 × 0.4⌉ = 2 → the 2nd largest loss is -6.2964, i.e. VaR -6.2964 (a gain: no loss that deep).
    // At t = 4 (99.693): returns -10%, +6%, -5% → P&L -9.9693, 5.98158, -4.98465; k = 2 → VaR 4.98465.
    const values = rollingHistoricalVar([100, 110, 99, 104.94, 99.693], 3, 0.6);
    expect(Number.isNaN(values[2]!)).toBe(true);
    expect(values[3]).toBeCloseTo(-6.2964, 9);
    expect(values[4]).toBeCloseTo(4.98465, 9);
    expect(() => rollingHistoricalVar([1, 2], 1, 0.99)).toThrow(/window/);
  });
});
