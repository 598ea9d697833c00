// Public surface of the Alpaca market data adapter.
export * from './alpaca-market-data-client.js';
export * from './alpaca-market-data-history.js';
export * from './alpaca-market-data-stream.js';
export * from './alpaca-market-data-wire.js';
export * from './testing/alpaca-market-data-test-server.js';
