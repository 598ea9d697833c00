// Live risk monitoring: incremental portfolio figures and alarms with hysteresis.
export * from './hysteresis-alarm.js';
export * from './incremental-portfolio-risk.js';
