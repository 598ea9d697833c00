// The Alpaca broker adapter: the ExecutionClient for Alpaca's Trading API v2 and its loopback test server.
export * from './alpaca-configuration.js';
export * from './alpaca-execution-client.js';
export * from './alpaca-failure.js';
export * from './alpaca-mapping.js';
export * from './alpaca-rest.js';
export * from './alpaca-wire.js';
export * from './market-data/index.js';
export * from './testing/alpaca-test-orders.js';
export * from './testing/alpaca-test-server.js';
