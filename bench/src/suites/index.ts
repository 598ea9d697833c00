// The list of benchmark suites `npm run bench` runs, in order. Each suite lives in its own file here.
import type { BenchmarkSuite } from '../benchmark-row.js';
import { auditSuite } from './audit.js';
import { backtestSuite } from './backtest.js';
import { backtestLoadSuite } from './backtest-load.js';
import { indicatorsSuite } from './indicators.js';
import { marketDataCopySuite } from './market-data-copy.js';
import { marketDataIngestionLatencySuite } from './market-data-ingestion-latency.js';
import { marketDataValidationSuite } from './market-data-validation.js';
import { orderJournalSuite } from './order-journal.js';
import { pipelineSuite } from './pipeline.js';
import { riskChecksSuite } from './risk-checks.js';
import { riskModelsSuite } from './risk-models.js';

export const suites: readonly BenchmarkSuite[] = [
  pipelineSuite,
  orderJournalSuite,
  backtestSuite,
  backtestLoadSuite,
  indicatorsSuite,
  riskChecksSuite,
  marketDataValidationSuite,
  marketDataCopySuite,
  marketDataIngestionLatencySuite,
  riskModelsSuite,
  auditSuite,
];
