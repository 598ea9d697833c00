// Public surface of @ats/engine.
export * from './bus/in-process-message-bus.js';
