// Public surface of @ats/persistence.
export * from './create-repositories.js';
export * from './database.js';
export * from './journal/group-commit.js';
export * from './journal/outbox-relay.js';
export * from './journal/row-outbox-journal.js';
export * from './journal/sql-assessment-journal.js';
export * from './journal/sql-order-journal.js';
export * from './journal/sql-signal-journal.js';
export * from './migrator.js';
export * from './open-database.js';
export * from './pglite-database.js';
export * from './postgres-database.js';
export * from './repositories/backtest-run-repository.js';
export * from './repositories/execution-control-store.js';
export * from './repositories/job-repository.js';
export * from './repositories/paper-venue-store.js';
export * from './test-database.js';
