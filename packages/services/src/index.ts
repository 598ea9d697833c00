// Public surface of @ats/services: configuration, logging, and the composition roots.
export * from './config/config-schema.js';
export * from './config/load-config.js';
export * from './history/configured-backfill.js';
export * from './history/stored-quality-report.js';
export * from './http/build-http-app.js';
export * from './http/service-module.js';
export * from './logging/create-logger.js';
export * from './metrics/prometheus-metrics.js';
export * from './node/distributed-platform.js';
export * from './node/one-process-node.js';
export * from './node/service-process.js';
export * from './node/store-backup.js';
export * from './orchestration/service-supervisor.js';
export * from './orchestration/supervisor-watch.js';
export * from './scheduler/database-backups.js';
export * from './security/principal.js';
export * from './security/test-credentials.js';
