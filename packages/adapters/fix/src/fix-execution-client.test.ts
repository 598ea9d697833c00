// The client's handling of the counterparty's messages, fed directly (no session): events emitted
// once per ExecID, refusals matched to their request, status answers adopted, all surviving a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveClock } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionJournal } from './execution-journal.js';
import { FixExecutionClient } from './fix-execution-client.js';
import type { MsgView } from './fix-library.js';
import { fixSettings } from './fix-settings.js';
import { EventRecorder, testIds, testOrder } from './testing/fix-test-orders.js';
import { TagValueMessage } from './testing/tag-value-message.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function setUp() {
  const stateDirectory = mkdtempSync(join(tmpdir(), 'ats-fix-client-'));
  folders.push(stateDirectory);
  const settings = fixSettings({
    venue: 'broker',
    host: '127.0.0.1',
    port: 9878,
    senderCompId: 'ATS',
    targetCompId: 'BROKER',
    stateDirectory,
  });
  const ids = testIds(21);
  const order = testOrder(ids, { quantity: 100, limitPrice: '50' });
  // As submitOrder does before sending: the order is in the journal.
  ExecutionJournal.open(join(stateDirectory, 'ATS-BROKER.journal.jsonl')).recordOrder(order, 1);
  const start = () => {
    const client = new FixExecutionClient({ settings, ids, clock: new LiveClock() });
    const recorder = new EventRecorder();
    client.onEvent(recorder.receive);
    // The session hands application messages to this method; a test plays the counterparty's part.
    const receive = (msgType: string, text: string) =>
      (client as unknown as { applicationMessage(type: string, view: MsgView): void }).applicationMessage(
        msgType,
        new TagValueMessage(text) as unknown as MsgView,
      );
    return { client, recorder, receive };
  };
  return { order, start };
}

describe('FixExecutionClient message handling', () => {
  it('emits each ExecutionReport once: a resend with PossDupFlag, even after a restart, adds nothing', () => {
    const { order, start } = setUp();
    const first = start();
    first.receive('8', `37=O-1|11=${order.id}|17=E-1|150=0|39=0|151=100|14=0|6=0`);
    const fill = `37=O-1|11=${order.id}|17=E-2|150=F|39=2|32=100|31=50|151=0|14=100|6=50`;
    first.receive('8', fill);
    first.receive('8', `43=Y|${fill}`);
    expect(first.recorder.of(order.id).map((event) => event.type)).toEqual(['OrderAccepted', 'OrderFilled']);

    const restarted = start();
    restarted.receive('8', `43=Y|${fill}`);
    expect(restarted.recorder.events).toEqual([]);
  });

  it('a duplicate-order refusal of a second send does not reject the standing order', async () => {
    const { order, start } = setUp();
    const { client, recorder, receive } = start();
    receive('8', `37=O-1|11=${order.id}|17=E-1|150=0|39=0|151=100|14=0|6=0`);
    receive('8', `37=NONE|11=${order.id}|17=E-9|150=8|39=8|103=6|151=0|14=0|6=0`);
    expect(recorder.of(order.id).map((event) => event.type)).toEqual(['OrderAccepted']);
    expect((await client.orderReport(order.id))?.status).toBe('open');
  });

  it('an OrderCancelReject for our cancel request is OrderCancelRejected on the order', () => {
    const { order, start } = setUp();
    const { recorder, receive } = start();
    receive('9', `37=O-1|11=${order.id}|41=${order.id}|39=2|434=1|102=0`);
    expect(recorder.of(order.id)).toMatchObject([
      {
        type: 'OrderCancelRejected',
        reason: 'too late to cancel: the order has already traded or ended (CxlRejReason 102=0)',
      },
    ]);
  });

  it('a status answer about an order ATS never sent adopts it as an external open order', async () => {
    const { start } = setUp();
    const { client, recorder, receive } = start();
    receive(
      '8',
      '37=V-7|11=phone-1|17=0|150=I|39=0|584=mass-1|912=Y|55=MSFT|54=2|40=2|38=10|44=400|151=10|14=0|6=0',
    );
    expect(recorder.events).toEqual([]);
    // Our own order, still unanswered, is open too; the adopted one has no order id of ours.
    const open = await client.openOrders();
    expect(open.filter((entry) => entry.orderId === null)).toMatchObject([
      { orderId: null, venueOrderId: 'V-7', symbol: 'MSFT', side: 'SELL', status: 'open' },
    ]);
  });
});
