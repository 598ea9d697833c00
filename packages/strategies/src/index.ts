// Public surface of @ats/strategies.
export * from './sma-cross-strategy.js';
export * from './strategy-registry.js';
