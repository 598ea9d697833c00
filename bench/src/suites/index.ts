// The list of benchmark suites `npm run bench` runs, in order. Each suite lives in its own file here and
// is loaded only by the process that runs it (run-all starts one process per suite), so no suite's
// modules, heap or compiled code are in another's process.
import type { BenchmarkSuite } from '../benchmark-row.js';

export interface SuiteEntry {
  readonly name: string;
  load(): Promise<BenchmarkSuite>;
}

export const suites: readonly SuiteEntry[] = [
  { name: 'pipeline', load: async () => (await import('./pipeline.js')).pipelineSuite },
  {
    name: 'distributed-backtests',
    load: async () => (await import('./distributed-backtests.js')).distributedBacktestsSuite,
  },
  { name: 'order-journal', load: async () => (await import('./order-journal.js')).orderJournalSuite },
  { name: 'backtest', load: async () => (await import('./backtest.js')).backtestSuite },
  { name: 'backtest-minute', load: async () => (await import('./backtest-minute.js')).backtestMinuteSuite },
  {
    name: 'backtest-universe',
    load: async () => (await import('./backtest-universe.js')).backtestUniverseSuite,
  },
  { name: 'backtest-load', load: async () => (await import('./backtest-load.js')).backtestLoadSuite },
  { name: 'indicators', load: async () => (await import('./indicators.js')).indicatorsSuite },
  { name: 'indicator-batch', load: async () => (await import('./indicator-batch.js')).indicatorBatchSuite },
  { name: 'risk-checks', load: async () => (await import('./risk-checks.js')).riskChecksSuite },
  {
    name: 'market-data-validation',
    load: async () => (await import('./market-data-validation.js')).marketDataValidationSuite,
  },
  { name: 'market-data-copy', load: async () => (await import('./market-data-copy.js')).marketDataCopySuite },
  {
    name: 'market-data-ingestion-latency',
    load: async () => (await import('./market-data-ingestion-latency.js')).marketDataIngestionLatencySuite,
  },
  { name: 'risk-models', load: async () => (await import('./risk-models.js')).riskModelsSuite },
  { name: 'audit', load: async () => (await import('./audit.js')).auditSuite },
  {
    name: 'http-request-metrics',
    load: async () => (await import('./http-request-metrics.js')).httpRequestMetricsSuite,
  },
  {
    name: 'trading-event-logging',
    load: async () => (await import('./trading-event-logging.js')).tradingEventLoggingSuite,
  },
  { name: 'backtest-data', load: async () => (await import('./backtest-data.js')).backtestDataSuite },
  { name: 'ml-inference', load: async () => (await import('./ml-inference.js')).mlInferenceSuite },
  {
    name: 'ml-onnx-inference',
    load: async () => (await import('./ml-onnx-inference.js')).mlOnnxInferenceSuite,
  },
  { name: 'ml-walk-forward', load: async () => (await import('./ml-walk-forward.js')).mlWalkForwardSuite },
  { name: 'live-stream', load: async () => (await import('./live-stream.js')).liveStreamSuite },
  { name: 'gateway-proxy', load: async () => (await import('./gateway-proxy.js')).gatewayProxySuite },
  {
    name: 'execution-algorithms',
    load: async () => (await import('./execution-algorithms.js')).executionAlgorithmsSuite,
  },
];
