// What carrying and logging the correlation id costs each event of the trading flow: publishing fills
// through the PublishLoggingBus (the id worked out, stamped on the event, one pino JSON line written to a
// stream that discards it) against publishing them on the bare bus, in alternating rounds. Reported:
// median and p10/p90 of the rounds' added time per event.

import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import type { EventId, OrderId, PlatformEvent, SignalId } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { createLogger, PublishLoggingBus } from '@ats/services';
import { type BenchmarkRow, type BenchmarkSuite, formatSignedDuration, quantile } from '../benchmark-row.js';
import { loadText } from '../run-statistics.js';

const eventsPerRound = 20_000;
const rounds = 30;

function eventsOf(round: number): PlatformEvent[] {
  const events: PlatformEvent[] = [];
  for (let index = 0; index < eventsPerRound; index += 2) {
    const orderId = `order-${round}-${index}` as OrderId;
    const header = { occurredAt: 1, receivedAt: 1, causationId: null };
    events.push({
      ...header,
      id: `initialized-${round}-${index}` as EventId,
      type: 'OrderInitialized',
      orderId,
      signalId: `signal-${round}-${index}` as SignalId,
      symbol: 'AAPL',
    } as unknown as PlatformEvent);
    events.push({
      ...header,
      id: `fill-${round}-${index}` as EventId,
      type: 'OrderFilled',
      orderId,
      symbol: 'AAPL',
    } as unknown as PlatformEvent);
  }
  return events;
}

function roundOn(
  bus: { publish(topic: string, event: PlatformEvent): void },
  events: readonly PlatformEvent[],
) {
  const started = performance.now();
  for (const event of events) bus.publish('orders.events', event);
  return (performance.now() - started) / events.length;
}

export const tradingEventLoggingSuite: BenchmarkSuite = {
  name: 'trading-event-logging',
  async run(): Promise<readonly BenchmarkRow[]> {
    const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
    const bare = new InProcessMessageBus();
    bare.subscribe('orders.*', () => {});
    const logged = new PublishLoggingBus(
      bare,
      createLogger({ level: 'info', service: 'bench', destination: discard }),
    );
    roundOn(bare, eventsOf(-1));
    roundOn(logged, eventsOf(-2));
    const added: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const events = eventsOf(round);
      const first = round % 2 === 0;
      const bareFirst = first ? roundOn(bare, events) : 0;
      const loggedMean = roundOn(logged, events);
      const bareMean = first ? bareFirst : roundOn(bare, events);
      added.push(loggedMean - bareMean);
    }
    const sorted = added.sort((a, b) => a - b);
    return [
      {
        component: 'Logs: correlation id stamped and one info line per trading event',
        metric: 'added time per event',
        target: '',
        measured: `median ${formatSignedDuration(quantile(sorted, 0.5))} (p10 ${formatSignedDuration(quantile(sorted, 0.1))}, p90 ${formatSignedDuration(quantile(sorted, 0.9))}, ${rounds} rounds of ${eventsPerRound}); ${loadText()}`,
        ratio: Number.NaN,
      },
    ];
  },
};
