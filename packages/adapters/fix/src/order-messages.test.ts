// Our orders as FIX 4.4 requests: the fields a counterparty reads, with exact decimal prices.
import { Price } from '@ats/core';
import { describe, expect, it } from 'vitest';
import {
  fixDecimal,
  newOrderSingle,
  orderCancelReplaceRequest,
  orderCancelRequest,
} from './order-messages.js';
import { testIds, testOrder } from './testing/fix-test-orders.js';

const time = new Date(Date.UTC(2024, 0, 2, 14, 30));

describe('order messages', () => {
  it('NewOrderSingle carries our order id as ClOrdID and the limit as exact text', () => {
    const order = testOrder(testIds(1), { side: 'SELL', quantity: 250, limitPrice: '101.25' });
    const request = newOrderSingle(order, time, 'ACC-1', false);
    expect(request).toEqual({
      supported: true,
      msgType: 'D',
      body: {
        ClOrdID: order.id,
        Account: 'ACC-1',
        HandlInst: '1',
        Instrument: { Symbol: 'AAPL' },
        Side: '2',
        OrderQtyData: { OrderQty: '250' },
        OrdType: '2',
        Price: '101.25',
        TimeInForce: '0',
        TransactTime: time,
      },
    });
  });

  it('a stop-limit order sends both prices; a second send is flagged PossResend', () => {
    const order = testOrder(testIds(2), { type: 'STOP_LIMIT', limitPrice: '99', stopPrice: '99.5' });
    const request = newOrderSingle(order, time, undefined, true);
    expect(request.supported && request.body).toMatchObject({
      OrdType: '4',
      Price: '99',
      StopPx: '99.5',
      PossResend: true,
    });
  });

  it('a trailing stop is not sent: FIX 4.4 needs PegInstructions this adapter does not build', () => {
    const ids = testIds(3);
    const order = testOrder(ids, { type: 'MARKET' });
    const trailing = Object.assign(Object.create(Object.getPrototypeOf(order)), order, {
      type: 'TRAILING_STOP',
    });
    const request = newOrderSingle(trailing, time, undefined, false);
    expect(request.supported).toBe(false);
  });

  it('cancel and replace name the current client order id and carry their own', () => {
    const order = testOrder(testIds(4));
    const cancel = orderCancelRequest(order, `${order.id}.C2`, `${order.id}.R1`, time, undefined);
    expect(cancel.supported && cancel.body).toMatchObject({
      OrigClOrdID: `${order.id}.R1`,
      ClOrdID: `${order.id}.C2`,
      Side: '1',
    });
    const replace = orderCancelReplaceRequest(
      order,
      { limitPrice: Price.of('100.5') },
      `${order.id}.R1`,
      order.id,
      time,
      undefined,
    );
    expect(replace.supported && replace.msgType).toBe('G');
    expect(replace.supported && replace.body).toMatchObject({
      OrigClOrdID: order.id,
      ClOrdID: `${order.id}.R1`,
      Price: '100.5',
      OrderQtyData: { OrderQty: '100' },
    });
  });

  it('prices go out without the trailing zeros of the 4-place scale', () => {
    expect(['101.2500', '410.0000', '0.0001', '12'].map((text) => fixDecimal(Price.of(text)))).toEqual([
      '101.25',
      '410',
      '0.0001',
      '12',
    ]);
  });
});
