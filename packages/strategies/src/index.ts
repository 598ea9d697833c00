// Public surface of @ats/strategies.

export * from './cross-sectional-momentum-strategy.js';
export * from './library/cointegration.js';
export * from './library/donchian-breakout-strategy.js';
export * from './library/mean-reversion-strategy.js';
export * from './library/pairs-trading-strategy.js';
export * from './library/time-series-momentum-strategy.js';
export { packageEntry } from './plugins/load-strategy-module.js';
export * from './plugins/resolve-strategy.js';
export * from './plugins/strategy-reference.js';
export * from './sma-cross-strategy.js';
export * from './strategy-registry.js';
