// Public surface of @ats/analytics.

export * from './execution/intraday-volume-profile.js';
export * from './execution/transaction-cost.js';
export * from './monitoring/index.js';
export * from './performance-metrics.js';
export * from './risk/index.js';
export * from './sizing/index.js';
export * from './spare-columns.js';
export * from './strategy-performance/strategy-performance-tracker.js';
