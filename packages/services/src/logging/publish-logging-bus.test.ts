// The correlation id crosses process boundaries on the bus: each "process" here has its own
// PublishLoggingBus (its own memory of flows) and logger over one shared bus, as the Redis bus joins them.
import type { EventId, OrderId, PlatformEvent, SignalId } from '@ats/core';
import { topics } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { withCorrelationId } from './correlation-context.js';
import { createLogger } from './create-logger.js';
import { PublishLoggingBus } from './publish-logging-bus.js';

const header = (id: string) => ({ id: id as EventId, occurredAt: 1, receivedAt: 1, causationId: null });

interface Line {
  readonly service: string;
  readonly correlationId?: string;
  readonly msg: string;
}

function process(shared: InProcessMessageBus, service: string, lines: Line[]): PublishLoggingBus {
  const out = {
    write: (text: string) => lines.push(JSON.parse(text) as Line) > 0,
  } as unknown as NodeJS.WritableStream;
  return new PublishLoggingBus(shared, createLogger({ level: 'info', service, destination: out }));
}

describe('correlation ids across processes on the bus', () => {
  it("stamps a signal's id on the signal, the approval, the order and the fill, each published by another process", async () => {
    const shared = new InProcessMessageBus();
    const lines: Line[] = [];
    const strategyEngine = process(shared, 'strategy-engine', lines);
    const riskManager = process(shared, 'risk-manager', lines);
    const tradeExecutor = process(shared, 'trade-executor', lines);
    const wire: PlatformEvent[] = [];
    shared.subscribe('*', (event) => void wire.push(event));
    const signalId = 'signal-1' as SignalId;
    const orderId = 'order-1' as OrderId;
    riskManager.subscribe(topics.allSignals, (event) => {
      if (event.type !== 'SignalGenerated') return;
      riskManager.publish(topics.riskAssessments, {
        ...header('approval'),
        type: 'SignalApproved',
        signalId: event.signalId,
      } as unknown as PlatformEvent);
    });
    tradeExecutor.subscribe(topics.riskAssessments, (event) => {
      if (event.type !== 'SignalApproved') return;
      tradeExecutor.publish(topics.orderEvents, {
        ...header('initialized'),
        type: 'OrderInitialized',
        orderId,
        signalId: event.signalId,
      } as unknown as PlatformEvent);
    });
    strategyEngine.publish(topics.signals('fast-cross'), {
      ...header('signal'),
      type: 'SignalGenerated',
      signalId,
    } as unknown as PlatformEvent);
    // The fill comes later from the venue, outside any handler: the executor knows the order's flow.
    tradeExecutor.publish(topics.orderEvents, {
      ...header('fill'),
      type: 'OrderFilled',
      orderId,
    } as unknown as PlatformEvent);
    await shared.flush();

    expect(wire.map((event) => [event.type, event.correlationId])).toEqual([
      ['SignalGenerated', signalId],
      ['SignalApproved', signalId],
      ['OrderInitialized', signalId],
      ['OrderFilled', signalId],
    ]);
    await expect
      .poll(() => lines.map((line) => [line.service, line.msg, line.correlationId]))
      .toEqual([
        ['strategy-engine', 'published SignalGenerated', signalId],
        ['risk-manager', 'published SignalApproved', signalId],
        ['trade-executor', 'published OrderInitialized', signalId],
        ['trade-executor', 'published OrderFilled', signalId],
      ]);
  });

  it("carries an HTTP request's correlation id from an operator's order request to its fill, and onto lines logged while handling it", async () => {
    const shared = new InProcessMessageBus();
    const lines: Line[] = [];
    const riskManagerLines: Line[] = [];
    const riskManager = process(shared, 'risk-manager', riskManagerLines);
    const tradeExecutor = process(shared, 'trade-executor', lines);
    const handlerLogger = createLogger({
      level: 'info',
      service: 'risk-manager',
      destination: {
        write: (text: string) => riskManagerLines.push(JSON.parse(text) as Line) > 0,
      } as unknown as NodeJS.WritableStream,
    });
    const wire: PlatformEvent[] = [];
    shared.subscribe('*', (event) => void wire.push(event));
    const requestId = 'request-7';
    riskManager.subscribe(topics.ordersRequested, (event) => {
      handlerLogger.info('checking an operator order');
      riskManager.publish(topics.riskAssessments, {
        ...header('approval'),
        type: 'SignalApproved',
        signalId: (event as unknown as { requestId: string }).requestId,
      } as unknown as PlatformEvent);
    });
    // The request is published under the HTTP request's id (the app runs each request under it).
    withCorrelationId('http-flow-42', () =>
      tradeExecutor.publish(topics.ordersRequested, {
        ...header('request'),
        type: 'OrderRequested',
        requestId,
      } as unknown as PlatformEvent),
    );
    await shared.flush();
    // The order starts later, from the outbox relay, outside the approval's handler: still that flow.
    tradeExecutor.subscribe(topics.riskAssessments, () => {});
    tradeExecutor.publish(topics.orderEvents, {
      ...header('initialized'),
      type: 'OrderInitialized',
      orderId: 'order-9',
      signalId: requestId,
    } as unknown as PlatformEvent);
    tradeExecutor.publish(topics.orderEvents, {
      ...header('fill'),
      type: 'OrderFilled',
      orderId: 'order-9',
    } as unknown as PlatformEvent);
    await shared.flush();

    expect(wire.map((event) => [event.type, event.correlationId])).toEqual([
      ['OrderRequested', 'http-flow-42'],
      ['SignalApproved', 'http-flow-42'],
      ['OrderInitialized', 'http-flow-42'],
      ['OrderFilled', 'http-flow-42'],
    ]);
    await expect
      .poll(() => riskManagerLines.map((line) => [line.msg, line.correlationId]))
      .toEqual([
        ['checking an operator order', 'http-flow-42'],
        ['published SignalApproved', 'http-flow-42'],
      ]);
  });

  it('leaves events outside the trading flow unstamped and unlogged', async () => {
    const shared = new InProcessMessageBus();
    const lines: Line[] = [];
    const bus = process(shared, 'data-collector', lines);
    const wire: PlatformEvent[] = [];
    shared.subscribe('*', (event) => void wire.push(event));
    const quote = { ...header('quote'), type: 'QuoteReceived', symbol: 'AAPL' } as unknown as PlatformEvent;
    bus.publish(topics.marketData('AAPL'), quote);
    await shared.flush();
    expect(wire).toEqual([quote]);
    expect(wire[0]).toBe(quote);
    expect(lines).toEqual([]);
  });
});
