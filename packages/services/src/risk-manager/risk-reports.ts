// What the Risk Manager's API shows of the risk models: VaR by every method on the current positions,
// stress tests (historical windows replayed from the stored daily bars, hypothetical shocks), and the
// backtest of the stored VaR history.

import type { RiskMonitor } from '@ats/analytics';
import {
  backtestVar,
  blackMondayIndexMove,
  historicalScenarios,
  historicalStress,
  historicalVar,
  indexShock,
  monteCarloVar,
  type PriceHistory,
  parametricVarOf,
  type StressPosition,
  type StressResult,
  scaledVolatility,
  sectorShock,
  type VarEstimate,
} from '@ats/analytics';
import type { Instrument, MarketDataRepository, Ticker } from '@ats/core';
import type { SqlRiskHistoryStore } from '@ats/persistence';

export interface VarReport {
  readonly positions: readonly { symbol: string; value: number }[];
  readonly estimates: readonly VarEstimate[];
  /** Why a method is missing (not enough samples yet). */
  readonly unavailable: Readonly<Record<string, string>>;
}

/** Historical needs this many return samples; the others need the EWMA warm-up. */
const minimumHistory = 30;

export function varReport(
  monitor: RiskMonitor,
  confidence: number,
  horizonDays: number,
  samplesPerDay: number,
): VarReport {
  const symbols = monitor.heldSymbols();
  const values = monitor.risk.values();
  const all = monitor.history;
  const positions = symbols.map((symbol) => ({ symbol, value: values[monitor.risk.slotOf(symbol)]! }));
  const exposures = positions.map((position) => position.value);
  const estimates: VarEstimate[] = [];
  const unavailable: Record<string, string> = {};
  if (symbols.length === 0) return { positions, estimates, unavailable: { all: 'no open positions' } };
  const options = { confidence, horizonDays };
  const sampleHorizon = Math.max(1, Math.round(horizonDays * samplesPerDay));
  if (all.length >= minimumHistory + sampleHorizon)
    estimates.push({
      ...historicalVar(all.matrix(symbols), exposures, { confidence, horizonDays: sampleHorizon }),
      horizonDays,
    });
  else unavailable.historical = `${all.length} return samples of ${minimumHistory + sampleHorizon} needed`;
  const covariance = monitor.daily.covarianceOf(symbols);
  if (covariance) {
    estimates.push(parametricVarOf(covariance, exposures, options));
    estimates.push(monteCarloVar(covariance, exposures, { ...options, paths: 10_000, seed: 1 }));
    estimates.push(
      monteCarloVar(covariance, exposures, { ...options, paths: 10_000, seed: 1, distribution: 'student-t' }),
    );
  } else unavailable.parametric = unavailable['monte-carlo'] = 'return statistics are still warming up';
  return { positions, estimates, unavailable };
}

export interface StressReport {
  readonly results: readonly StressResult[];
  /** Parametric VaR at the monitor's confidence, now and with every volatility doubled. */
  readonly volatilityDoubled: { readonly valueAtRisk: number; readonly stressedValueAtRisk: number } | null;
}

/** Ten calendar days before a window cover the last close before it, across a long weekend. */
const leadMilliseconds = 10 * 86_400_000;

export async function stressReport(
  monitor: RiskMonitor,
  instruments: readonly Instrument[],
  marketData: MarketDataRepository,
  confidence: number,
  benchmark: string | undefined,
): Promise<StressReport> {
  const values = monitor.risk.values();
  const positions: StressPosition[] = instruments
    .map((instrument) => ({
      symbol: instrument.symbol as string,
      value: values[monitor.risk.slotOf(instrument.symbol)]!,
      sector: instrument.sector,
      beta: (benchmark ? monitor.daily.betaOf(instrument.symbol, benchmark) : null) ?? 1,
    }))
    .filter((position) => position.value !== 0);
  const results: StressResult[] = [];
  for (const scenario of historicalScenarios) {
    const from = Date.parse(`${scenario.from}T00:00:00Z`) - leadMilliseconds;
    const to = Date.parse(`${scenario.to}T23:59:59Z`);
    const histories = new Map<string, PriceHistory>();
    for (const position of positions) {
      const bars = await marketData.loadBars(position.symbol as Ticker, '1d', from, to);
      if (bars.length > 0)
        histories.set(position.symbol, {
          dates: bars.map((bar) => new Date(bar.time).toISOString().slice(0, 10)),
          closes: bars.map((bar) => (bar.adjustedClose ?? bar.close).toNumber()),
        });
    }
    results.push(historicalStress(positions, histories, scenario));
  }
  results.push(indexShock(positions, blackMondayIndexMove, '1987-10-19 (Black Monday, index -20.5%)'));
  results.push(indexShock(positions, -0.1));
  for (const sector of new Set(positions.map((position) => position.sector as string)))
    results.push(sectorShock(positions, sector, -0.2));
  const symbols = positions.map((position) => position.symbol);
  const covariance = symbols.length ? monitor.daily.covarianceOf(symbols) : null;
  const exposures = positions.map((position) => position.value);
  return {
    results,
    volatilityDoubled: covariance
      ? {
          valueAtRisk: parametricVarOf(covariance, exposures, { confidence }).valueAtRisk,
          stressedValueAtRisk: parametricVarOf(scaledVolatility(covariance, 2), exposures, { confidence })
            .valueAtRisk,
        }
      : null,
  };
}

/** Kupiec and Christoffersen on the stored VaR history of one method (closed samples only). */
export async function storedVarBacktest(
  store: SqlRiskHistoryStore,
  accountId: string,
  method: string,
  limit: number,
) {
  const rows = (await store.history(accountId, method, limit)).filter((row) => row.pnl !== null);
  if (rows.length === 0) return { method, observations: 0, detail: 'no closed VaR samples stored yet' };
  const confidence = rows[rows.length - 1]!.confidence;
  return {
    method,
    confidence,
    ...backtestVar(
      rows.map((row) => ({ valueAtRisk: row.valueAtRisk, pnl: row.pnl as number })),
      confidence,
    ),
  };
}
