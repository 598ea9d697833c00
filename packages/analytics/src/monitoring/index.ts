// Live risk monitoring: incremental portfolio figures and alarms with hysteresis.

export * from './daily-return-statistics.js';
export * from './hysteresis-alarm.js';
export * from './incremental-portfolio-risk.js';
export * from './return-history.js';
export * from './risk-monitor.js';
