// Public surface of @ats/calendar.
export * from './civil-date.js';
export * from './market-calendar.js';
export * from './nyse-calendar.js';
export * from './nyse-holidays.js';
export * from './zoned-time.js';
