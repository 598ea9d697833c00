// SVG charts shared by the web dashboard and the standalone backtest report: one drawing code for both.
export * from './chart-formats.js';
export * from './chart-hover.js';
export * from './heatmap-chart.js';
export * from './monthly-returns.js';
export * from './time-axis.js';
export * from './time-series-chart.js';
