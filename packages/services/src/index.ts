// Public surface of @ats/services: configuration, logging, and the composition roots.

export * from './audit/audit-chain-verifier.js';
export * from './audit/audit-event-entries.js';
export * from './audit/audit-log-writer.js';
export * from './audit/audit-record.js';
export * from './audit/audit-recorder.js';
export * from './audit/audit-search.js';
export * from './audit/audit-signing-key.js';
export * from './audit/compliance-export.js';
export * from './audit/configured-audit.js';
export * from './config/config-schema.js';
export * from './config/load-config.js';
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
export * from './secrets/configured-credentials.js';
export * from './secrets/credential-store.js';
export * from './secrets/master-keyring.js';
