// The ccxt broker adapter: crypto spot venues (Binance spot) through ccxt's unified API behind the
// ExecutionClient port, and a loopback server speaking Binance's spot REST API for tests.
export * from './binance-wire.js';
export * from './ccxt-configuration.js';
export * from './ccxt-decimals.js';
export * from './ccxt-execution-client.js';
export * from './ccxt-failure.js';
export * from './ccxt-mapping.js';
export * from './testing/binance-test-book.js';
export * from './testing/binance-test-server.js';
export * from './testing/ccxt-test-orders.js';
