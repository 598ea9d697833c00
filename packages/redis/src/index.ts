// Public surface of @ats/redis.
export * from './redis-cache.js';
export * from './redis-endpoint.js';
export * from './redis-message-bus.js';
export * from './redis-namespace.js';
export * from './redis-reachability.js';
export * from './redis-security-stores.js';
export * from './stream-consumer.js';
export * from './symbol-leases.js';
