// Public surface of @ats/adapter-files.
export * from './bundled-spy.js';
export * from './catalog/catalog-bars.js';
export * from './catalog/data-catalog.js';
export * from './catalog/parquet-partition.js';
export * from './column-mapping.js';
export * from './csv-data-client.js';
export * from './exchange-midnight.js';
export * from './lean-files.js';
export * from './lean-replay.js';
export * from './parquet-data-client.js';
export * from './replay-data-client.js';
