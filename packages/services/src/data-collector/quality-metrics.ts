// Puts the market data quality of each symbol and provider on /metrics, computed when scraped.
import { Gauge } from 'prom-client';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import type { QualityTracker } from './quality-tracker.js';

const labelNames = ['symbol', 'provider'] as const;

export function registerQualityMetrics(metrics: PrometheusMetrics, tracker: QualityTracker): void {
  const gauge = (name: string, help: string, collect?: () => void) =>
    new Gauge({ name, help, labelNames, registers: [metrics.registry], ...(collect ? { collect } : {}) });
  // The score is registered first and its collect() fills every gauge, so one scrape reads one report.
  const score = gauge(
    'ats_market_data_quality_score',
    'Market data quality, 0-100: 100 x validity x completeness x timeliness (docs/market-data-quality.md)',
    () => fill(),
  );
  const validity = gauge('ats_market_data_validity', 'Share of quotes accepted by validation');
  const completeness = gauge(
    'ats_market_data_completeness',
    'Minute bars built over minutes the exchange traded',
  );
  const timeliness = gauge(
    'ats_market_data_timeliness',
    '1 while messages arrive within the watchdog limit, falling to 0',
  );
  const silence = gauge(
    'ats_market_data_silent_seconds',
    'Seconds since the last message of the symbol from the provider',
  );
  function fill(): void {
    for (const each of [score, validity, completeness, timeliness, silence]) each.reset();
    for (const row of tracker.report()) {
      const labels = { symbol: row.symbol, provider: row.provider };
      score.set(labels, row.score);
      validity.set(labels, row.validity);
      completeness.set(labels, row.completeness);
      timeliness.set(labels, row.timeliness);
      if (row.silentMilliseconds !== null) silence.set(labels, row.silentMilliseconds / 1000);
    }
  }
}
