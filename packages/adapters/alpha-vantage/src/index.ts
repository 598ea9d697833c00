// Public surface of @ats/adapter-alpha-vantage.
export * from './alpha-vantage-data-client.js';
export * from './alpha-vantage-series.js';
export * from './testing/alpha-vantage-test-server.js';
