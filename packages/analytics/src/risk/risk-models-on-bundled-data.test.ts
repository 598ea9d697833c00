// The risk models on the ORCL, NVDA and YHOO daily bars bundled with the backtest package (Adj Close).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleCovariance } from './covariance.js';
import { normalDensity, normalQuantile } from './distributions.js';
import { historicalPnl, historicalVar } from './historical-var.js';
import { monteCarloVar } from './monte-carlo-var.js';
import { parametricVar, parametricVarOf } from './parametric-var.js';
import { logReturnMatrix, returnWindow } from './return-matrix.js';
import { historicalScenarios, historicalStress, type PriceHistory } from './stress-test.js';
import { backtestVar } from './var-backtest.js';

const files = { ORCL: 'orcl-1995-2014.txt', NVDA: 'nvda-1999-2014.txt', YHOO: 'yhoo-1996-2014.txt' } as const;
const symbols = Object.keys(files) as (keyof typeof files)[];

/** Adjusted closes by date (the backtest package's fixtures: Date,Open,High,Low,Close,Adj Close,Volume). */
function adjustedCloses(file: string): Map<string, number> {
  const text = readFileSync(new URL(`../../../backtest/fixtures/${file}`, import.meta.url), 'utf8');
  const rows = text.trim().split('\n').slice(1);
  return new Map(
    rows.map((line) => {
      const cells = line.split(',');
      return [cells[0] as string, Number(cells[5])];
    }),
  );
}

const closes = symbols.map((symbol) => adjustedCloses(files[symbol]));

/** The three symbols' returns over the dates all of them traded in [from, to]. */
function returnsBetween(from: string, to: string) {
  const dates = [...(closes[0] as Map<string, number>).keys()].filter(
    (date) => date >= from && date <= to && closes.every((series) => series.has(date)),
  );
  return logReturnMatrix(closes.map((series) => dates.map((date) => series.get(date) as number)));
}

// 100,000 long in each stock.
const exposures = [100_000, 100_000, 100_000];

describe('VaR on ORCL/NVDA/YHOO, 2005-2006 (no crash)', () => {
  const returns = returnsBetween('2005-01-01', '2006-12-31');
  const covariance = sampleCovariance(returns);
  const sigma = Math.sqrt(
    exposures.reduce(
      (sum, vi, i) =>
        sum + exposures.reduce((row, vj, j) => row + vi * vj * (covariance[i * 3 + j] as number), 0),
      0,
    ),
  );

  /**
   * The standard error of an empirical p-quantile of N draws is √(p(1-p)/N)/f(q) (Kendall and Stuart);
   * for a normal P&L, f(q) = φ(z)/σ. The historical and Monte Carlo estimates may differ from the
   * parametric one by three such errors plus 3% for the convexity of exp() in the full revaluation.
   */
  function allowance(confidence: number, scenarios: number, parametric: number): number {
    const p = 1 - confidence;
    const standardError =
      (Math.sqrt((p * (1 - p)) / scenarios) / normalDensity(normalQuantile(confidence))) * sigma;
    return 3 * standardError + 0.03 * parametric;
  }

  for (const confidence of [0.95, 0.99]) {
    it(`historical, parametric and Monte Carlo VaR at ${confidence} agree within their sampling errors`, () => {
      const parametric = parametricVarOf(covariance, exposures, { confidence }).valueAtRisk;
      const historical = historicalVar(returns, exposures, { confidence });
      const normal = monteCarloVar(covariance, exposures, { confidence, paths: 10_000, seed: 1 });
      expect(Math.abs(historical.valueAtRisk - parametric)).toBeLessThan(
        allowance(confidence, historical.scenarios, parametric),
      );
      expect(Math.abs(normal.valueAtRisk - parametric)).toBeLessThan(
        allowance(confidence, normal.scenarios, parametric),
      );
      // The scale is right: about 2-4% of the 300,000 book for one day.
      expect(parametric / 300_000).toBeGreaterThan(0.015);
      expect(parametric / 300_000).toBeLessThan(0.05);
      expect(historical.expectedShortfall).toBeGreaterThan(historical.valueAtRisk);
    });
  }

  it('Kupiec and Christoffersen accept a rolling one-year 99% VaR over 2006', () => {
    const window = 250;
    const pnl = historicalPnl(returns, exposures);
    for (const method of ['historical', 'parametric'] as const) {
      const history = [];
      for (let day = window; day < returns.observations; day++) {
        const past = returnWindow(returns, day - window, day);
        const estimate =
          method === 'historical'
            ? historicalVar(past, exposures, { confidence: 0.99 })
            : parametricVar(past, exposures, { confidence: 0.99 });
        history.push({ valueAtRisk: estimate.valueAtRisk, pnl: pnl[day] as number });
      }
      const result = backtestVar(history, 0.99);
      expect(result.observations).toBe(252);
      expect(result.exceptions).toBeGreaterThan(0);
      expect(result.kupiec.accepted).toBe(true);
      expect(result.christoffersen.accepted).toBe(true);
    }
  });
});

describe('stress tests replayed from the bundled data', () => {
  const histories = new Map<string, PriceHistory>(
    symbols.map((symbol, index) => {
      const series = closes[index] as Map<string, number>;
      return [symbol, { dates: [...series.keys()], closes: [...series.values()] }];
    }),
  );
  const positions = symbols.map((symbol) => ({ symbol, value: 100_000 }));

  it('shows the loss of October 2008', () => {
    const october = historicalStress(positions, histories, historicalScenarios[0]!);
    expect(october.covered).toBe(true);
    // Each move is the stock's own adjusted close on 2008-10-31 over 2008-09-30.
    for (const move of october.positions) {
      const series = histories.get(move.symbol) as PriceHistory;
      const end = series.dates.indexOf('2008-10-31');
      const start = series.dates.indexOf('2008-09-30');
      expect(move.move).toBeCloseTo(
        (series.closes[end] as number) / (series.closes[start] as number) - 1,
        12,
      );
    }
    expect(october.pnl).toBeLessThan(-10_000);
  });

  it('says March 2020 is not covered by data that ends in 2014', () => {
    const march = historicalStress(positions, histories, historicalScenarios[1]!);
    expect(march.covered).toBe(false);
    expect(march.uncovered).toEqual(symbols);
  });
});
