// Public surface of @ats/redis.
export * from './redis-cache.js';
export * from './redis-message-bus.js';
export * from './stream-consumer.js';
