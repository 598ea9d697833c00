// The risk models: VaR and expected shortfall (historical, parametric, Monte Carlo), stress tests,
// VaR backtests, covariance estimates and risk parity weights.
export * from './cholesky.js';
export * from './covariance.js';
export * from './distributions.js';
export * from './historical-var.js';
export * from './monte-carlo-var.js';
export * from './parametric-var.js';
export * from './random-draws.js';
export * from './return-matrix.js';
export * from './risk-parity.js';
export * from './rolling-var.js';
export * from './stress-test.js';
export * from './value-at-risk.js';
export * from './var-backtest.js';
