// The trading flow's log lines carry one correlation id from signal to fill (the signal's id), reach the
// database's log table through the shipper, and are found by /logs: by correlation id and by words.
import { type EventId, type OrderId, type PlatformEvent, type SignalId, topics } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { openTestDatabase } from '@ats/persistence';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { PublishLoggingBus } from '../logging/publish-logging-bus.js';
import { logSearchRoutes } from '../monitoring/log-search-routes.js';
import { DatabaseLogTarget } from './database-log-target.js';
import { LogShipper } from './log-shipper.js';

const header = (id: string) => ({ id: id as EventId, occurredAt: 1, receivedAt: 1, causationId: null });

describe('correlated logs in the database', () => {
  it('logs signal, approval, order and fill under the signal id, and finds them by correlation id and by words', async () => {
    const test = await openTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    const shipper = new LogShipper({ intervalMilliseconds: 1_000_000 });
    const sink: string[] = [];
    const out = { write: (line: string) => sink.push(line) > 0 } as unknown as NodeJS.WritableStream;
    const bus = new PublishLoggingBus(
      new InProcessMessageBus(() => {}),
      createLogger({ level: 'info', service: 'trade-executor', destination: shipper.tee(out) }),
    );
    const signalId = 'a1b2c3d4-0000-4000-8000-000000000001' as SignalId;
    const orderId = 'b1b2c3d4-0000-4000-8000-000000000002' as OrderId;
    const events = [
      { ...header('e1'), type: 'SignalGenerated', signalId, symbol: 'AAPL' },
      { ...header('e2'), type: 'SignalApproved', signalId, assessmentId: 'r1', symbol: 'AAPL' },
      { ...header('e3'), type: 'OrderInitialized', orderId, signalId, symbol: 'AAPL' },
      { ...header('e4'), type: 'OrderFilled', orderId, symbol: 'AAPL' },
      { ...header('e5'), type: 'OrderInitialized', orderId: 'other-order', signalId: null, symbol: 'MSFT' },
    ] as unknown as PlatformEvent[];
    for (const event of events) bus.publish(topics.orderEvents, event);
    // pino writes asynchronously through the stream: wait for the five lines.
    await expect.poll(() => shipper.pending, { timeout: 5_000 }).toBe(5);
    shipper.attach(new DatabaseLogTarget(test.database));
    await shipper.ship();
    await shipper.stop();

    const app = Fastify();
    logSearchRoutes(test.database)(app);
    try {
      const byCorrelation = await app.inject({ method: 'GET', url: `/logs?correlation_id=${signalId}` });
      expect(byCorrelation.statusCode).toBe(200);
      const lines = byCorrelation.json().logs as {
        message: string;
        service: string;
        correlationId: string;
      }[];
      expect(lines.map((line) => line.message).sort()).toEqual(
        [
          'published OrderFilled',
          'published OrderInitialized',
          'published SignalApproved',
          'published SignalGenerated',
        ].sort(),
      );
      expect(new Set(lines.map((line) => line.service))).toEqual(new Set(['trade-executor']));
      // Full-text search over message and fields: the other order's line, by its symbol and event.
      const byWords = await app.inject({ method: 'GET', url: '/logs?q=MSFT%20OrderInitialized' });
      expect(byWords.json().logs.map((line: { correlationId: string }) => line.correlationId)).toEqual([
        'other-order',
      ]);
      const refused = await app.inject({ method: 'GET', url: '/logs?level=loud' });
      expect(refused.statusCode).toBe(400);
    } finally {
      await app.close();
      await test.dispose();
    }
  });
});
