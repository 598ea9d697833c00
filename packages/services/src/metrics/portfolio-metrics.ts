// Business KPIs of the account on /metrics: equity, cash, exposure, day PnL and PnL by strategy.
import type { Portfolio } from '@ats/engine';
import { Gauge } from 'prom-client';
import type { PrometheusMetrics } from './prometheus-metrics.js';

const portfolioMetricNames = [
  'ats_equity_dollars',
  'ats_cash_dollars',
  'ats_gross_exposure_dollars',
  'ats_day_drawdown_ratio',
  'ats_strategy_pnl_dollars',
];

/**
 * Registers the portfolio gauges, computed at scrape time from the executor's portfolio. Money is exact
 * in the portfolio; Prometheus samples are floats by nature, so the conversion happens only here.
 */
export function registerPortfolioMetrics(
  metrics: PrometheusMetrics,
  portfolio: Portfolio,
  account: string,
): void {
  const registers = [metrics.registry];
  // A rebuilt executor (a restart in the same process) replaces the gauges of the one before it.
  for (const name of portfolioMetricNames) metrics.registry.removeSingleMetric(name);
  const equity = new Gauge({
    name: 'ats_equity_dollars',
    help: 'Account equity: cash plus positions at their marks',
    labelNames: ['account'],
    registers,
    collect: () => fill(),
  });
  const cash = new Gauge({
    name: 'ats_cash_dollars',
    help: 'Account cash',
    labelNames: ['account'],
    registers,
  });
  const exposure = new Gauge({
    name: 'ats_gross_exposure_dollars',
    help: 'Gross market value of open positions',
    labelNames: ['account'],
    registers,
  });
  const drawdown = new Gauge({
    name: 'ats_day_drawdown_ratio',
    help: 'Loss since the start of the day as a share of the day-start equity (0 when up)',
    labelNames: ['account'],
    registers,
  });
  const strategyPnl = new Gauge({
    name: 'ats_strategy_pnl_dollars',
    help: 'PnL of each strategy: realized, unrealized and commissions',
    labelNames: ['strategy', 'kind'],
    registers,
  });
  function fill(): void {
    const labels = { account };
    const equityValue = portfolio.equity().toNumber();
    equity.set(labels, equityValue);
    cash.set(labels, portfolio.cash().toNumber());
    exposure.set(labels, portfolio.grossExposure());
    const start = portfolio.dayStartEquity().toNumber();
    drawdown.set(labels, start > 0 ? Math.max(0, (start - equityValue) / start) : 0);
    strategyPnl.reset();
    for (const strategy of portfolio.strategies()) {
      const pnl = portfolio.strategyPnl(strategy);
      strategyPnl.set({ strategy, kind: 'realized' }, pnl.realized.toNumber());
      strategyPnl.set({ strategy, kind: 'unrealized' }, pnl.unrealized.toNumber());
      strategyPnl.set({ strategy, kind: 'commissions' }, pnl.commissions.toNumber());
    }
  }
}
