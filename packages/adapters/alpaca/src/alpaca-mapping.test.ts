// Tests of the Alpaca mapping on the JSON examples of Alpaca's documentation: exact decimals, statuses,
// the replacement client order id and the execution id inside a FILL activity id.
import { type OrderId, Price, Quantity } from '@ats/core';
import { describe, expect, it } from 'vitest';
import {
  executionIdOfActivity,
  orderIdFromClientOrderId,
  replacementClientOrderId,
  toAccount,
  toExecution,
  toOrderReport,
  toOrderRequest,
  toPosition,
} from './alpaca-mapping.js';
import type {
  AlpacaAccountJson,
  AlpacaFillActivityJson,
  AlpacaOrderJson,
  AlpacaPositionJson,
} from './alpaca-wire.js';
import { submittedOrder } from './testing/alpaca-test-orders.js';

// The order example of Alpaca's Trading API reference, with a whole quantity instead of a notional.
const documentedOrder: AlpacaOrderJson = {
  id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
  client_order_id: 'eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4',
  created_at: '2021-03-16T18:38:01.942282Z',
  updated_at: '2021-03-16T18:38:01.942282Z',
  submitted_at: '2021-03-16T18:38:01.937734Z',
  filled_at: null,
  expired_at: null,
  canceled_at: null,
  failed_at: null,
  replaced_at: null,
  replaced_by: null,
  replaces: null,
  asset_id: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
  symbol: 'AAPL',
  asset_class: 'us_equity',
  notional: null,
  qty: '5',
  filled_qty: '0',
  filled_avg_price: null,
  order_class: '',
  order_type: 'limit',
  type: 'limit',
  side: 'buy',
  time_in_force: 'day',
  limit_price: '128.33',
  stop_price: null,
  status: 'accepted',
  extended_hours: false,
  legs: null,
  trail_percent: null,
  trail_price: null,
  hwm: null,
};

describe('Alpaca mapping', () => {
  it('reads an order report exactly from the documented order', () => {
    const report = toOrderReport(documentedOrder);
    expect(report).toMatchObject({
      orderId: 'eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4',
      venueOrderId: '61e69015-8549-4bfd-b9c3-01e75843f47d',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'DAY',
      status: 'open',
      updatedAt: Date.UTC(2021, 2, 16, 18, 38, 1, 942),
    });
    expect(report.limitPrice?.raw).toBe(1_283_300);
    expect(report.quantity.value).toBe(5);
  });

  it('maps the statuses reconciliation acts on', () => {
    const statusOf = (status: AlpacaOrderJson['status']) =>
      toOrderReport({ ...documentedOrder, status }).status;
    expect(statusOf('partially_filled')).toBe('partially_filled');
    expect(statusOf('done_for_day')).toBe('open');
    expect(statusOf('expired')).toBe('expired');
    expect(statusOf('rejected')).toBe('rejected');
  });

  it('refuses a fractional quantity rather than rounding it', () => {
    expect(() => toOrderReport({ ...documentedOrder, qty: '0.38962051' })).toThrow(/order.qty/);
  });

  it('reads the documented position, trimming the padded symbol', () => {
    const position: AlpacaPositionJson = {
      asset_id: '904837e3-3b76-47ec-b432-046db621571b',
      symbol: 'AAPL ',
      exchange: 'NASDAQ',
      asset_class: 'us_equity',
      avg_entry_price: '100.0',
      qty: '5',
      qty_available: '5',
      side: 'long',
      market_value: '600.0',
      cost_basis: '500.0',
      unrealized_pl: '100.0',
      unrealized_plpc: '0.20',
      unrealized_intraday_pl: '10.0',
      unrealized_intraday_plpc: '0.0084',
      current_price: '120.0',
      lastday_price: '119.0',
      change_today: '0.0084',
    };
    expect(toPosition(position)).toEqual({ symbol: 'AAPL', netQuantity: 5, averageCost: Price.of('100') });
    expect(toPosition({ ...position, qty: '-5', side: 'short' }).netQuantity).toBe(-5);
  });

  it('reads cash and buying power of the documented account exactly, negative cash included', () => {
    const account = {
      buying_power: '262113.632',
      cash: '-23140.2',
    } as AlpacaAccountJson;
    const mapped = toAccount(account);
    expect(mapped.cash.raw).toBe(-231_402_000);
    expect(mapped.buyingPower.raw).toBe(2_621_136_320);
  });

  it('takes the execution id from the FILL activity id and keeps the fill price exact', () => {
    const activity: AlpacaFillActivityJson = {
      id: '20210510100104650::88b5f678-fef5-447b-af15-f21e367e6d8c',
      activity_type: 'FILL',
      transaction_time: '2021-05-10T14:01:04.650275Z',
      type: 'fill',
      price: '128.33',
      qty: '3',
      side: 'buy',
      symbol: 'AAPL',
      leaves_qty: '0',
      order_id: 'fe060a1b-5b45-4eba-ba46-c3a3345d8255',
      cum_qty: '3',
      order_status: 'filled',
    };
    expect(executionIdOfActivity(activity)).toBe('88b5f678-fef5-447b-af15-f21e367e6d8c');
    const execution = toExecution(activity, 'order-1' as OrderId);
    expect(execution.price.raw).toBe(1_283_300);
    expect(execution.quantity).toEqual(Quantity.of(3));
    expect(execution.executedAt).toBe(Date.UTC(2021, 4, 10, 14, 1, 4, 650));
  });

  it('sends decimals as text and our order id as the client order id', () => {
    const order = submittedOrder({ quantity: 7, limitPrice: Price.of('0.1') });
    expect(toOrderRequest(order)).toEqual({
      symbol: 'AAPL',
      qty: '7',
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      limit_price: '0.1000',
      client_order_id: order.id,
    });
  });

  it('recognises our order id inside the client order id of a replacing order', () => {
    const orderId = 'eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4' as OrderId;
    const replacing = replacementClientOrderId(orderId, 'mhx3k2a1');
    expect(replacing.length).toBeLessThanOrEqual(48);
    expect(orderIdFromClientOrderId(replacing)).toBe(orderId);
    expect(orderIdFromClientOrderId(orderId)).toBe(orderId);
  });
});
