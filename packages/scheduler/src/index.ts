// Public surface of @ats/scheduler.
export * from './cron-expression.js';
export * from './in-memory-job-repository.js';
export * from './job-checks.js';
export * from './job-scheduler.js';
export * from './job-trigger.js';
