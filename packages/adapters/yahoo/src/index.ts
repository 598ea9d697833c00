// Public surface of @ats/adapter-yahoo.
export * from './testing/yahoo-chart-test-server.js';
export * from './yahoo-chart.js';
export * from './yahoo-data-client.js';
