// Public surface of @ats/backtest.
export * from './backtest-account.js';
export * from './backtest-runner.js';
export type { BacktestFile, BacktestJob } from './backtest-worker.js';
export * from './bundled-data.js';
export * from './fill-rules.js';
export * from './html-report.js';
export * from './optimization/evaluate-parameters.js';
export * from './optimization/optimizer.js';
export * from './optimization/serialized-backtest.js';
export * from './quote-backtest.js';
export * from './round-trips.js';
export * from './run-backtest-in-worker.js';
export * from './simulated-bar-venue.js';
export * from './yahoo-csv.js';
