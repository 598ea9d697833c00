// Public surface of @ats/calendar.
export * from './civil-date.js';
export * from './market-calendar.js';
export * from './next-close-table.js';
export * from './nyse-calendar.js';
export * from './nyse-holidays.js';
export * from './regular-sessions.js';
export * from './trading-days.js';
export * from './zone-offset-table.js';
export * from './zoned-time.js';
