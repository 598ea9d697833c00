// Position sizing strategies (implementations of core's PositionSizer port) and what they read.
export * from './atr-volatility.js';
export * from './capped-size.js';
export * from './correlation-adjusted-sizer.js';
export * from './drawdown-scaled-sizer.js';
export * from './ewma-return-statistics.js';
export * from './fixed-fraction-sizer.js';
export * from './fixed-quantity-sizer.js';
export * from './holdings.js';
export * from './kelly-sizer.js';
export * from './risk-parity-sizer.js';
export * from './sizer-of-settings.js';
export * from './strategy-sizers.js';
export * from './trade-edge-book.js';
export * from './volatility-target-sizer.js';
