// The VaR backtest over a stored history: a rolling one-year 99% historical VaR of 100,000 in each of
// ORCL, NVDA and YHOO through 2006, stored sample by sample as the monitor stores it, read back and
// tested (Kupiec and Christoffersen accept it: 2006 had no crash).
import { readFileSync } from 'node:fs';
import { historicalVar, logReturnMatrix, returnWindow } from '@ats/analytics';
import { Money } from '@ats/core';
import { openTestDatabase, SqlRiskHistoryStore, testDatabaseKinds } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { storedVarBacktest } from './risk-reports.js';

function adjustedCloses(file: string): Map<string, number> {
  const text = readFileSync(new URL(`../../../backtest/fixtures/${file}`, import.meta.url), 'utf8');
  return new Map(
    text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const cells = line.split(',');
        return [cells[0] as string, Number(cells[5])];
      }),
  );
}

for (const kind of testDatabaseKinds()) {
  describe(`stored VaR backtest on ${kind}`, () => {
    it('accepts a rolling 99% VaR through 2006 read back from the store', async () => {
      const series = ['orcl-1995-2014.txt', 'nvda-1999-2014.txt', 'yhoo-1996-2014.txt'].map(adjustedCloses);
      const dates = [...(series[0] as Map<string, number>).keys()].filter(
        (date) => date >= '2005-01-01' && date <= '2006-12-31' && series.every((closes) => closes.has(date)),
      );
      const returns = logReturnMatrix(
        series.map((closes) => dates.map((date) => closes.get(date) as number)),
      );
      const opened = await openTestDatabase(kind);
      try {
        const store = new SqlRiskHistoryStore(opened.database);
        const window = 250;
        let equity = 300_000;
        for (let day = window; day < returns.observations; day++) {
          const estimate = historicalVar(
            returnWindow(returns, day - window, day),
            [100_000, 100_000, 100_000],
            { confidence: 0.99 },
          );
          await store.recordSample({
            accountId: 'acct',
            sampledAt: Date.parse(`${dates[day]}T21:00:00Z`),
            method: 'historical',
            confidence: 0.99,
            horizonDays: 1,
            valueAtRisk: estimate.valueAtRisk,
            expectedShortfall: estimate.expectedShortfall,
            equity: Money.of(equity.toFixed(4)),
          });
          // The next day's P&L of the (rebalanced) book of 100,000 in each: Σ 100,000 (e^r - 1).
          for (let asset = 0; asset < 3; asset++)
            equity += 100_000 * Math.expm1(returns.data[day * 3 + asset] as number);
        }
        // The last day's P&L closes the last VaR.
        await store.recordSample({
          accountId: 'acct',
          sampledAt: Date.parse('2007-01-03T21:00:00Z'),
          method: 'historical',
          confidence: 0.99,
          horizonDays: 1,
          valueAtRisk: 0,
          expectedShortfall: 0,
          equity: Money.of(equity.toFixed(4)),
        });
        const result = await storedVarBacktest(store, 'acct', 'historical', 10_000);
        expect(result).toMatchObject({ observations: 252, exceptions: 4 });
        expect(result).toMatchObject({ kupiec: { accepted: true }, christoffersen: { accepted: true } });
      } finally {
        await opened.dispose();
      }
    }, 180_000);
  });
}
