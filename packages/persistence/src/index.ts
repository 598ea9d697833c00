// Public surface of @ats/persistence.
export * from './create-repositories.js';
export * from './database.js';
export * from './migrator.js';
export * from './open-database.js';
export * from './pglite-database.js';
export * from './postgres-database.js';
export * from './postgres-session-lock.js';
export * from './process-lock.js';
export * from './repositories/backtest-run-repository.js';
export * from './repositories/job-repository.js';
export * from './restore-backup.js';
export * from './store-identity.js';
export * from './test-database.js';
