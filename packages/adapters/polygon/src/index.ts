// Public surface of @ats/adapter-polygon.
export * from './polygon-credentials.js';
export * from './polygon-data-client.js';
export * from './polygon-history.js';
export * from './polygon-stream.js';
export * from './polygon-wire.js';
export * from './testing/polygon-test-server.js';
