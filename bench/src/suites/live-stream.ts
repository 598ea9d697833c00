// Measures what the dashboard's live stream costs the bus: the hub's handler per event with no browser
// connected, and with ten browsers (each event serialized once and pushed into ten bounded buffers,
// drained as a connection would). Seven runs each: the median and the spread (lowest to highest).
import { performance } from 'node:perf_hooks';
import type { EventId } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { LiveClientBuffer, LiveEventHub, PrometheusMetrics } from '@ats/services';
import { type BenchmarkRow, type BenchmarkSuite, formatRate } from '../benchmark-row.js';

const eventsPerRun = 50_000;

function notification(index: number) {
  return {
    type: 'NotificationRaised' as const,
    id: `bench-${index}` as EventId,
    occurredAt: index,
    receivedAt: index,
    causationId: null,
    kind: 'bench',
    title: 'bench',
    message: `event ${index}`,
    priority: 1,
  };
}

function runsOf(browsers: number): number[] {
  const bus = new InProcessMessageBus(() => undefined);
  const hub = new LiveEventHub(bus, new PrometheusMetrics('bench_live'), 100);
  const buffers = Array.from({ length: browsers }, () => new LiveClientBuffer(1_000));
  for (const buffer of buffers)
    hub.add({ role: 'admin', patterns: [], deliver: (frame) => buffer.push(frame) });
  const rates: number[] = [];
  for (let run = 0; run < 8; run += 1) {
    const started = performance.now();
    for (let index = 0; index < eventsPerRun; index += 1) {
      hub.publish('notifications.bench', notification(index));
      // A connection drains its buffer a batch at a time, as the socket accepts it.
      if (index % 256 === 255) for (const buffer of buffers) buffer.take(256);
    }
    const elapsed = performance.now() - started;
    if (run > 0) rates.push((eventsPerRun / elapsed) * 1000);
  }
  return rates.sort((a, b) => a - b);
}

function row(browsers: number): BenchmarkRow {
  const rates = runsOf(browsers);
  const median = rates[Math.floor(rates.length / 2)] as number;
  return {
    component: 'dashboard live stream',
    metric: `events/s through the hub, ${browsers} browser${browsers === 1 ? '' : 's'}`,
    target: '1,000/s',
    measured: `median ${formatRate(median)} (${formatRate(rates[0] as number)} to ${formatRate(rates.at(-1) as number)})`,
    ratio: median / 1_000,
  };
}

export const liveStreamSuite: BenchmarkSuite = {
  name: 'live-stream',
  async run() {
    return [row(0), row(10)];
  },
};
