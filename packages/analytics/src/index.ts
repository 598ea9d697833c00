// Public surface of @ats/analytics.
export * from './performance-metrics.js';
