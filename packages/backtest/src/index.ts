// Public surface of @ats/backtest.

export * from './algorithm-backtest.js';
export * from './assembly/assemble-backtest.js';
export * from './assembly/backtest-request.js';
export * from './assembly/load-market-data.js';
export * from './assembly/monitor-schema.js';
export * from './assembly/parsed-bars-cache.js';
export * from './assembly/quotes-to-bars.js';
export * from './assembly/sizing-schema.js';
export * from './backtest-account.js';
export * from './backtest-monitor.js';
export * from './backtest-runner.js';
export type { BacktestJob } from './backtest-worker.js';
export * from './bundled-data.js';
export * from './fill-rules.js';
export * from './html-report.js';
export * from './ninjatrader-minute-csv.js';
export * from './optimization/evaluate-parameters.js';
export * from './optimization/optimizer.js';
export * from './optimization/serialized-backtest.js';
export { WorkerPool } from './optimization/worker-pool.js';
export * from './quote-backtest.js';
export * from './round-trips.js';
export * from './run-backtest-in-worker.js';
export * from './simulated-bar-venue.js';
export * from './synthetic-universe.js';
export * from './universe-backtest.js';
export * from './yahoo-csv.js';
