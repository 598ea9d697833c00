// The FIX adapter against an independent counterparty: the QuickFIX/C++ executor example, started on a
// free loopback port per test. Built by scripts/build-quickfix-executor.sh (called from .ci/run).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveUuid, LiveClock, type OrderFilled, type OrderRejected, Price } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FixExecutionClient } from './fix-execution-client.js';
import { readStoredSequenceNumbers, writeStoredSequenceNumbers } from './fix-sequence-numbers.js';
import { type FixSettings, fixSettings } from './fix-settings.js';
import { EventRecorder, eventually, testIds, testOrder } from './testing/fix-test-orders.js';
import {
  fieldOf,
  freeLoopbackPort,
  QuickfixExecutorProcess,
  quickfixExecutorAvailable,
  quickfixExecutorPath,
} from './testing/quickfix-executor-process.js';

const available = quickfixExecutorAvailable();
const underCi = process.env.CI === 'true';
if (!available && !underCi) {
  console.warn(
    `FIX adapter tests skipped: no QuickFIX executor at ${quickfixExecutorPath()}; ` +
      'build it with packages/adapters/fix/scripts/build-quickfix-executor.sh',
  );
}

describe.runIf(!available && underCi)('the QuickFIX executor under CI', () => {
  it('is built before the tests run (.ci/run calls build-quickfix-executor.sh)', () => {
    throw new Error(`no QuickFIX executor at ${quickfixExecutorPath()}: the FIX adapter is untested`);
  });
});

describe.runIf(available)('FIX 4.4 adapter against the QuickFIX executor', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(seed: number, overrides: Partial<FixSettings> = {}) {
    const directory = mkdtempSync(join(tmpdir(), 'ats-fix-'));
    const executor = await QuickfixExecutorProcess.start(join(directory, 'executor'), {
      compId: 'EXECUTOR',
      clientCompId: 'ATS',
    });
    cleanups.push(async () => {
      await executor.stop();
      rmSync(directory, { recursive: true, force: true });
    });
    const settings = fixSettings({
      venue: 'quickfix-executor',
      host: '127.0.0.1',
      port: executor.port,
      senderCompId: 'ATS',
      targetCompId: 'EXECUTOR',
      stateDirectory: join(directory, 'ats'),
      reconnectDelayMs: 60_000,
      statusRequestTimeoutMs: 3_000,
      ...overrides,
    });
    return { executor, settings, ids: testIds(seed) };
  }

  function startClient(settings: FixSettings, ids: ReturnType<typeof testIds>) {
    const wire: string[] = [];
    const client = new FixExecutionClient({
      settings,
      ids,
      clock: new LiveClock(),
      log: (line) => wire.push(line),
    });
    const recorder = new EventRecorder();
    client.onEvent(recorder.receive);
    cleanups.push(() => client.disconnect());
    return { client, recorder, wire };
  }

  /** QuickFIX's FileStore keeps "next sender : next target" in <BeginString>-<Sender>-<Target>.seqnums. */
  function executorSequenceNumbers(executor: QuickfixExecutorProcess): { sender: number; target: number } {
    const text = readFileSync(
      join(executor.workDirectory, 'store', 'FIX.4.4-EXECUTOR-ATS.seqnums'),
      'latin1',
    );
    const [sender, target] = text.split(':').map((part) => Number(part.trim()));
    return { sender: sender ?? 0, target: target ?? 0 };
  }

  it('logs on, and a limit order fills: ExecutionReport → OrderAccepted then OrderFilled at the limit', async () => {
    const { executor, settings, ids } = await setUp(1);
    const { client, recorder } = startClient(settings, ids);
    await client.connect();
    expect(client.sessionState).toBe('logged-on');
    // The executor's screen log reaches us through a pipe, after the TCP answer: wait for it.
    await eventually(() => executor.incoming('A').length === 1, 'the executor to log our Logon');

    const order = testOrder(ids, { side: 'BUY', quantity: 100, limitPrice: '101.25' });
    await client.submitOrder(order);
    const fill = (await recorder.waitFor(order.id, 'OrderFilled')) as OrderFilled;

    await eventually(() => executor.outgoing('8').length === 1, 'the executor to log its report');
    const newOrder = executor.incoming('D')[0] ?? '';
    expect(newOrder).toContain(`\u000111=${order.id}\u0001`);
    expect(newOrder).toContain('\u000144=101.25\u0001');
    const report = executor.outgoing('8')[0] ?? '';
    const executionId = fieldOf(report, 17);
    expect(executionId).not.toBeNull();
    expect(recorder.of(order.id).map((event) => event.type)).toEqual(['OrderAccepted', 'OrderFilled']);
    expect(fill.lastPrice.toString()).toBe('101.2500');
    expect(fill.lastQuantity.value).toBe(100);
    expect(fill.executionId).toBe(executionId);
    expect(fill.tradeId).toBe(deriveUuid('quickfix-executor', executionId ?? ''));
    expect(fill.venue).toBe('quickfix-executor');

    // Reconciliation: the executor answers status requests with a BusinessMessageReject, so the
    // adapter answers from its journal.
    const venueReport = await client.orderReport(order.id);
    expect(venueReport?.status).toBe('filled');
    expect(venueReport?.filledQuantity.value).toBe(100);
    expect(await client.openOrders()).toEqual([]);
    const executions = await client.executionsSince(0);
    expect(executions.map((execution) => execution.executionId)).toEqual([executionId]);
    const positions = await client.positions();
    expect(
      positions.map((position) => [position.symbol, position.netQuantity, position.averageCost?.toString()]),
    ).toEqual([['AAPL', 100, '101.2500']]);
  });

  it('turns the executor’s refusals into events with clear reasons (market order, cancel, replace)', async () => {
    const { settings, ids } = await setUp(2);
    const { client, recorder } = startClient(settings, ids);
    await client.connect();

    // The executor fills only limit orders; any other OrdType gets a session Reject on tag 40.
    const market = testOrder(ids, { type: 'MARKET' });
    await client.submitOrder(market);
    const rejected = (await recorder.waitFor(market.id, 'OrderRejected')) as OrderRejected;
    expect(rejected.reasonCode).toBe('ORDER_REJECTED_BY_VENUE');
    expect(rejected.reason).toContain('a value is out of range for its tag');
    expect(rejected.reason).toContain('tag 40');
    expect((await client.orderReport(market.id))?.status).toBe('rejected');

    // The executor does not implement OrderCancelRequest: a BusinessMessageReject comes back.
    const limit = testOrder(ids);
    await client.submitOrder(limit);
    await recorder.waitFor(limit.id, 'OrderFilled');
    await client.cancelOrder(limit);
    const cancelRejected = await recorder.waitFor(limit.id, 'OrderCancelRejected');
    expect(cancelRejected.type === 'OrderCancelRejected' && cancelRejected.reason).toContain(
      'does not support this message type',
    );

    // Nor OrderCancelReplaceRequest: the modification is refused and the order keeps its terms.
    const working = testOrder(ids, { limitPrice: '100' });
    await client.submitOrder(working);
    await recorder.waitFor(working.id, 'OrderFilled');
    await client.replaceOrder(working, { limitPrice: Price.of('100.5') });
    const modifyRejected = await recorder.waitFor(working.id, 'OrderModifyRejected');
    expect(modifyRejected.type === 'OrderModifyRejected' && modifyRejected.reason).toContain(
      'does not support this message type',
    );
  });

  it('survives a dropped connection with sequence gaps both ways: gap fill sent, fill resent once', async () => {
    const { executor, settings, ids } = await setUp(3);
    const { client, recorder, wire } = startClient(settings, ids);
    // A wait that times out says what both sides had exchanged and stored (this test failed once in
    // CI waiting for the gap fill, and never again in 30 runs under load: the next failure must say why).
    const waitFor = (condition: () => boolean, what: string) =>
      eventually(condition, what).catch(async (error: Error) => {
        const stored = await readStoredSequenceNumbers(settings).catch((failure: Error) => failure.message);
        throw new Error(
          [
            error.message,
            `session ${client.sessionState}; stored ${JSON.stringify(stored)}`,
            'our wire (last 30):',
            ...wire.slice(-30),
            'executor log (last 4,000 characters):',
            executor.log.slice(-4000).replaceAll('\u0001', '|'),
          ].join('\n'),
        );
      });
    await client.connect();
    const first = testOrder(ids, { symbol: 'MSFT', quantity: 10, limitPrice: '410.5' });
    await client.submitOrder(first);
    await recorder.waitFor(first.id, 'OrderFilled');

    // The TCP connection dies without a Logout.
    client.dropConnection();
    await waitFor(() => client.sessionState === 'reconnecting', 'the adapter to see the drop');
    await waitFor(() => executor.log.includes('Disconnecting'), 'the executor to see the drop');
    const before = await readStoredSequenceNumbers(settings);
    // While down: three messages of ours "went out" that the executor never got (it will see a gap),
    // and the executor's last message (the fill) is "lost" to us (we will see a gap).
    await writeStoredSequenceNumbers(settings, {
      nextSenderSeqNum: before.nextSenderSeqNum + 3,
      nextTargetSeqNum: before.nextTargetSeqNum - 1,
    });

    await client.connect();
    // The executor asks us to resend from where it stopped; we answer with a SequenceReset-GapFill.
    await waitFor(
      () => executor.incoming('4').some((message) => message.includes('\u0001123=Y\u0001')),
      'a gap fill',
    );
    await waitFor(() => executor.outgoing('2').length === 1, 'the executor to log its ResendRequest');
    const resendRequest = executor.outgoing('2')[0] ?? '';
    expect(resendRequest).toContain(`\u00017=${before.nextSenderSeqNum}\u0001`);
    // We ask for the lost fill; the executor resends it (PossDupFlag=Y) and it is not counted twice.
    await waitFor(
      () => wire.some((line) => line.startsWith('<-') && line.includes('|35=8|') && line.includes('|43=Y|')),
      'the resent fill',
    );
    expect(wire.some((line) => line.startsWith('->') && line.includes('|35=2|'))).toBe(true);

    // The counterparty continues the session: a new order fills.
    const second = testOrder(ids, { symbol: 'MSFT', side: 'SELL', quantity: 10, limitPrice: '411' });
    await client.submitOrder(second);
    await recorder.waitFor(second.id, 'OrderFilled');
    expect(recorder.events.filter((event) => event.type === 'OrderFilled')).toHaveLength(2);
    expect(executor.log).not.toContain('MsgSeqNum too low');

    // Both stores agree: what we send next is what the executor expects next, and the other way round.
    await client.disconnect();
    const after = await readStoredSequenceNumbers(settings);
    const counterparty = executorSequenceNumbers(executor);
    expect(after.nextSenderSeqNum).toBe(counterparty.target);
    expect(after.nextTargetSeqNum).toBe(counterparty.sender);
    expect(after.nextSenderSeqNum).toBeGreaterThan(before.nextSenderSeqNum + 3);
  });

  it('keeps the session alive with heartbeats at the interval it proposed in the Logon', async () => {
    const { executor, settings, ids } = await setUp(5, { heartbeatSeconds: 1 });
    const { client } = startClient(settings, ids);
    await client.connect();
    await eventually(() => executor.incoming('A').length === 1, 'the executor to log our Logon');
    expect(executor.incoming('A')[0]).toContain('\u0001108=1\u0001');
    // Nothing else is sent: the only traffic after the Logon is heartbeats, both ways.
    await eventually(
      () => executor.incoming('0').length >= 1 && executor.outgoing('0').length >= 1,
      'heartbeats both ways',
    );
    expect(client.sessionState).toBe('logged-on');
  });

  it('reconnects by itself after the connection drops, and trades again', async () => {
    const { executor, settings, ids } = await setUp(6, { reconnectDelayMs: 100 });
    const { client, recorder } = startClient(settings, ids);
    await client.connect();
    client.dropConnection();
    await eventually(() => client.sessionState !== 'logged-on', 'the adapter to see the drop');
    await client.waitForLogon(10_000);
    await eventually(() => executor.incoming('A').length === 2, 'the executor to log the second Logon');
    const order = testOrder(ids);
    await client.submitOrder(order);
    await recorder.waitFor(order.id, 'OrderFilled');
  });

  it('a restarted adapter resumes its sequence numbers and its journal from the state folder', async () => {
    const { executor, settings, ids } = await setUp(4);
    const first = startClient(settings, ids);
    await first.client.connect();
    const order = testOrder(ids);
    await first.client.submitOrder(order);
    await first.recorder.waitFor(order.id, 'OrderFilled');
    await first.client.disconnect();
    const stored = await readStoredSequenceNumbers(settings);
    expect(stored.nextSenderSeqNum).toBeGreaterThan(1);

    const restarted = startClient(settings, ids);
    await restarted.client.connect();
    await eventually(() => executor.incoming('A').length === 2, 'the executor to log the second Logon');
    const logons = executor.incoming('A');
    expect(logons[1]).toContain(`\u000134=${stored.nextSenderSeqNum}\u0001`);
    expect(executor.outgoing('2')).toEqual([]);

    // The order the first process sent is known: submitting it again sends nothing.
    await restarted.client.submitOrder(order);
    const next = testOrder(ids, { quantity: 5 });
    await restarted.client.submitOrder(next);
    await restarted.recorder.waitFor(next.id, 'OrderFilled');
    await eventually(() => executor.incoming('D').length === 2, 'the executor to log the second order');
    expect(restarted.recorder.of(order.id)).toEqual([]);
    const executions = await restarted.client.executionsSince(0);
    expect(executions.map((execution) => execution.orderId)).toEqual([order.id, next.id]);
  });
});

describe('FIX 4.4 adapter without a counterparty', () => {
  it('connect() fails with BROKER_UNAVAILABLE when nothing answers, and orders are refused unsent', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ats-fix-'));
    const settings = fixSettings({
      host: '127.0.0.1',
      port: await freeLoopbackPort(),
      senderCompId: 'ATS',
      targetCompId: 'NOBODY',
      stateDirectory: directory,
      logonTimeoutMs: 500,
      reconnectDelayMs: 100,
    });
    const ids = testIds(11);
    const client = new FixExecutionClient({ settings, ids, clock: new LiveClock() });
    try {
      await expect(client.connect()).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
      expect(client.sessionState).toBe('stopped');
      await expect(client.submitOrder(testOrder(ids))).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
      await expect(client.account()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await client.disconnect();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
