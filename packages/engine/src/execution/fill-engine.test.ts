// The fill rules of docs/fill-rules.md against quotes and trade prints, and order lists (OCO, brackets),
// one row each: market data in, fills and order events out.
import { Money } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { day, harness, hour, testSessionCloseOf } from './fill-engine-harness.js';

type Harness = ReturnType<typeof harness>;
type Fill = [string, number, string, string];

interface Row {
  readonly rule: string;
  readonly options?: Parameters<typeof harness>[0];
  readonly run: (venue: Harness) => void;
  readonly fills: Fill[];
  readonly events?: string[];
}

function check(rows: readonly Row[]): void {
  for (const row of rows) {
    it(row.rule, () => {
      const venue = harness(row.options);
      row.run(venue);
      expect(venue.fills()).toEqual(row.fills);
      if (row.events) {
        const withOrder = row.events.some((event) => event.includes(':'));
        expect(venue.types(withOrder)).toEqual(row.events);
      }
    });
  }
}

// Commission: 10 basis points of notional unless a row says otherwise.
const quoteRows: Row[] = [
  {
    rule: 'quotes: a market buy takes the ask, a market sell hits the bid',
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00');
      v.submit({ side: 'BUY', quantity: 100 });
      v.submit({ side: 'SELL', quantity: 50 });
    },
    fills: [
      ['BUY', 100, '10.0100', '1.0010'],
      ['SELL', 50, '9.9900', '0.4995'],
    ],
  },
  {
    rule: 'quotes: fills stop at the displayed size; the rest waits; a per-order minimum is charged once',
    options: { commission: { kind: 'per-share', perShare: Money.of('0.01'), minimum: Money.of('1') } },
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00', 300);
      v.submit({ side: 'BUY', quantity: 500 });
      v.quote(1, '10.00', '10.02', '10.01', 300);
    },
    fills: [
      ['BUY', 300, '10.0100', '3.0000'],
      ['BUY', 200, '10.0200', '2.0000'],
    ],
  },
  {
    rule: 'quotes: two orders share one quote displayed size',
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00', 100);
      v.submit({ side: 'BUY', quantity: 80, limit: '9.95' });
      v.submit({ side: 'BUY', quantity: 80, limit: '9.95' });
      v.quote(1, '9.90', '9.93', '9.92', 100);
    },
    fills: [
      ['BUY', 80, '9.9300', '0.7944'],
      ['BUY', 20, '9.9300', '0.1986'],
    ],
  },
  {
    rule: 'quotes: a stop triggers on the last trade, then takes the touch',
    run: (v) => {
      v.quote(0, '10.00', '10.02', '10.01');
      v.submit({ side: 'SELL', quantity: 100, stop: '9.50' });
      v.quote(1, '9.60', '9.62', '9.61');
      v.quote(2, '9.40', '9.42', '9.45');
    },
    fills: [['SELL', 100, '9.4000', '0.9400']],
    events: ['OrderAccepted', 'OrderTriggered', 'OrderFilled'],
  },
  {
    rule: 'quotes: a trailing buy stop in basis points trails the lowest last trade',
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00');
      v.submit({ side: 'BUY', quantity: 10, trailBasisPoints: 100, timeInForce: 'GTC' });
      v.quote(1, '8.99', '9.01', '9.00'); // best 9.00: stop 9.09
      v.quote(2, '9.05', '9.07', '9.06');
      v.quote(3, '9.09', '9.11', '9.10'); // 9.10 reaches 9.09
    },
    fills: [['BUY', 10, '9.1100', '0.0911']],
  },
  {
    rule: 'quotes: IOC fills what the quote shows and cancels the rest; FOK fills whole or cancels',
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00', 100);
      v.submit({ side: 'BUY', quantity: 300, timeInForce: 'IOC' });
      v.submit({ side: 'BUY', quantity: 300, timeInForce: 'FOK' });
    },
    fills: [['BUY', 100, '10.0100', '1.0010']],
    events: ['OrderAccepted', 'OrderFilled', 'OrderCanceled', 'OrderAccepted', 'OrderCanceled'],
  },
  {
    rule: 'quotes: a DAY order expires at its session close, an early close included',
    options: { sessionCloseOf: testSessionCloseOf },
    run: (v) => {
      v.quote(3 * day + 10 * hour, '9.99', '10.01', '10.00');
      v.submit({ side: 'BUY', quantity: 10, limit: '9' });
      v.quote(3 * day + 12 * hour, '9.99', '10.01', '10.00');
      v.quote(3 * day + 14 * hour, '8.99', '9.01', '9.00'); // after the 13:00 early close
    },
    fills: [],
    events: ['OrderAccepted', 'OrderExpired'],
  },
  {
    rule: 'quotes: with latency, the order misses quotes before its delay has passed',
    options: { latencyMilliseconds: 100 },
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00');
      v.submit({ side: 'BUY', quantity: 10 });
      v.quote(50, '10.09', '10.11', '10.10');
      v.quote(150, '10.19', '10.21', '10.20');
    },
    fills: [['BUY', 10, '10.2100', '0.1021']],
  },
  {
    rule: 'quotes: CLS trades at the session last trade once the close has passed',
    options: { sessionCloseOf: testSessionCloseOf },
    run: (v) => {
      v.quote(10 * hour, '9.99', '10.01', '10.00');
      v.submit({ side: 'BUY', quantity: 10, timeInForce: 'CLS' });
      v.quote(15 * hour, '10.49', '10.51', '10.50');
      v.quote(day + 10 * hour, '10.99', '11.01', '11.00');
    },
    fills: [['BUY', 10, '10.5000', '0.1050']],
    events: ['OrderAccepted', 'OrderFilled'],
  },
  {
    rule: 'quotes: OPG trades only the first print of the next session',
    options: { sessionCloseOf: testSessionCloseOf },
    run: (v) => {
      v.quote(10 * hour, '9.99', '10.01', '10.00');
      v.submit({ side: 'BUY', quantity: 10, timeInForce: 'OPG' });
      v.quote(11 * hour, '9.99', '10.01', '10.00');
      v.quote(day + 9 * hour, '10.29', '10.31', '10.30');
      v.quote(day + 10 * hour, '10.39', '10.41', '10.40');
    },
    fills: [['BUY', 10, '10.3100', '0.1031']],
  },
];

const tickRows: Row[] = [
  {
    rule: 'trade ticks: orders trade at the print, up to the participation share of its size',
    options: { volumeParticipation: 0.5 },
    run: (v) => {
      v.tick(0, '10.00', 100);
      v.submit({ side: 'BUY', quantity: 80, limit: '9.90', timeInForce: 'GTC' });
      v.tick(1, '9.95', 100);
      v.tick(2, '9.85', 100);
      v.tick(3, '9.90', 100);
    },
    fills: [
      ['BUY', 50, '9.8500', '0.4925'],
      ['BUY', 30, '9.9000', '0.2970'],
    ],
  },
];

const orderListRows: Row[] = [
  {
    rule: 'OCO: when one fills, its sibling is canceled',
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00');
      v.submit({
        side: 'SELL',
        quantity: 10,
        limit: '11',
        list: 'L',
        contingency: 'OCO',
        id: 'tp',
        timeInForce: 'GTC',
      });
      v.submit({
        side: 'SELL',
        quantity: 10,
        stop: '9',
        list: 'L',
        contingency: 'OCO',
        id: 'sl',
        timeInForce: 'GTC',
      });
      v.quote(1, '11.00', '11.02', '11.01');
    },
    fills: [['SELL', 10, '11.0000', '0.1100']],
    events: ['tp:OrderAccepted', 'sl:OrderAccepted', 'tp:OrderFilled', 'sl:OrderCanceled'],
  },
  {
    rule: 'bracket: the exits work once the entry fills; the stop-loss fills, the take-profit is canceled',
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00');
      v.submit({
        side: 'BUY',
        quantity: 10,
        limit: '9.50',
        list: 'B',
        contingency: 'OTO',
        id: 'entry',
        timeInForce: 'GTC',
      });
      const exit = { list: 'B', contingency: 'OCO' as const, parent: 'entry', timeInForce: 'GTC' as const };
      v.submit({ side: 'SELL', quantity: 10, limit: '11', id: 'tp', ...exit });
      v.submit({ side: 'SELL', quantity: 10, stop: '9', id: 'sl', ...exit });
      v.quote(1, '11.00', '11.02', '11.01'); // a take-profit working now would fill: it is not working yet
      v.quote(2, '9.48', '9.50', '9.49'); // the entry fills at 9.50
      v.quote(3, '8.97', '8.99', '8.98'); // the stop-loss triggers and hits the bid
    },
    fills: [
      ['BUY', 10, '9.5000', '0.0950'],
      ['SELL', 10, '8.9700', '0.0897'],
    ],
    events: [
      'entry:OrderAccepted',
      'tp:OrderAccepted',
      'sl:OrderAccepted',
      'entry:OrderFilled',
      'sl:OrderTriggered',
      'sl:OrderFilled',
      'tp:OrderCanceled',
    ],
  },
  {
    rule: 'bracket: an entry canceled with no fill cancels its exits',
    run: (v) => {
      v.quote(0, '9.99', '10.01', '10.00');
      const entry = v.submit({ side: 'BUY', quantity: 10, limit: '9.50', id: 'entry2', timeInForce: 'GTC' });
      v.submit({ side: 'SELL', quantity: 10, limit: '11', id: 'tp2', parent: 'entry2', timeInForce: 'GTC' });
      v.engine.cancel(entry);
    },
    fills: [],
    events: ['entry2:OrderAccepted', 'tp2:OrderAccepted', 'entry2:OrderCanceled', 'tp2:OrderCanceled'],
  },
];

describe('fill engine rules on quotes, prints and order lists', () =>
  check([...quoteRows, ...tickRows, ...orderListRows]));
