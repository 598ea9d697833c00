// Public surface of @ats/indicators.
export * from './exponential-moving-average.js';
export * from './indicator.js';
export * from './simple-moving-average.js';
