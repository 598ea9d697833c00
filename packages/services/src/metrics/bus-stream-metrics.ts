// Each durable bus consumer's pending entries, lag and time since its last read, read when scraped.
import type { BusHealth } from '@ats/redis';
import { Gauge } from 'prom-client';
import type { PrometheusMetrics } from './prometheus-metrics.js';

const labelNames = ['stream', 'group'] as const;
const streamMetricNames = [
  'ats_stream_pending_entries',
  'ats_stream_consumer_lag_entries',
  'ats_stream_last_read_age_seconds',
];

/**
 * Registers the stream gauges of a Redis bus. The values come from XINFO GROUPS at scrape time, so a
 * scrape shows the backlog as it is, not as it was when an entry was last handled.
 */
export function registerBusStreamMetrics(
  metrics: PrometheusMetrics,
  bus: { health(): Promise<BusHealth> },
  now: () => number = Date.now,
): void {
  const registry = metrics.registry;
  for (const name of streamMetricNames) registry.removeSingleMetric(name);
  const gauge = (name: string, help: string, collect?: () => Promise<void>) =>
    new Gauge({ name, help, labelNames, registers: [registry], ...(collect ? { collect } : {}) });
  // The first gauge's collect fills all three from one XINFO round, so a scrape reads one report.
  const pending = gauge(
    'ats_stream_pending_entries',
    'Entries delivered to the consumer group and not yet acknowledged',
    () => fill(),
  );
  const lag = gauge(
    'ats_stream_consumer_lag_entries',
    'Entries in the stream the consumer group has not yet been delivered',
  );
  const silence = gauge(
    'ats_stream_last_read_age_seconds',
    'Seconds since the consumer last read its stream (a silent stream or a stuck consumer)',
  );
  async function fill(): Promise<void> {
    const health = await bus.health().catch(() => null);
    for (const each of [pending, lag, silence]) each.reset();
    if (!health) return;
    for (const consumer of health.consumers) {
      const labels = { stream: consumer.stream, group: consumer.group };
      if (consumer.pending !== null) pending.set(labels, consumer.pending);
      if (consumer.lag !== null) lag.set(labels, consumer.lag);
      if (consumer.lastReadAt !== null) silence.set(labels, Math.max(0, now() - consumer.lastReadAt) / 1000);
    }
  }
}
