// Public surface of @ats/analytics.

export * from './monitoring/index.js';
export * from './performance-metrics.js';
export * from './risk/index.js';
export * from './sizing/index.js';
