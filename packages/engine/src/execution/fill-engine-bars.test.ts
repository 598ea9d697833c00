// The fill rules of docs/fill-rules.md against bars, one row each: bars in, fills and order events out.
import { Money } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { day, harness, testSessionCloseOf } from './fill-engine-harness.js';

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
const barRows: Row[] = [
  {
    rule: 'bars: a market order fills at the next bar open, never on the bar it was placed on',
    run: (v) => {
      v.bar(0, ['10', '11', '9', '10.5']);
      v.submit({ side: 'BUY', quantity: 100 });
      v.bar(day, ['10.8', '11', '10', '10.2']);
    },
    fills: [['BUY', 100, '10.8000', '1.0800']],
    events: ['OrderAccepted', 'OrderFilled'],
  },
  {
    rule: 'bars: close timing fills a market order at the signal bar close',
    options: { marketFill: 'close' },
    run: (v) => {
      v.bar(0, ['10', '11', '9', '10.5']);
      v.submit({ side: 'BUY', quantity: 100 });
    },
    fills: [['BUY', 100, '10.5000', '1.0500']],
  },
  {
    rule: 'bars: a buy limit fills at a gapped open below it, else at the limit when the low reaches it',
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'BUY', quantity: 10, limit: '9.50' });
      v.submit({ side: 'BUY', quantity: 20, limit: '9.20' });
      v.bar(day, ['9.40', '9.60', '9.10', '9.50']);
    },
    fills: [
      ['BUY', 10, '9.4000', '0.0940'],
      ['BUY', 20, '9.2000', '0.1840'],
    ],
  },
  {
    rule: 'bars: a sell stop fills at a gapped open below it (8.50 for 9.00), else at the stop',
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'SELL', quantity: 100, stop: '9.00' });
      v.submit({ side: 'SELL', quantity: 50, stop: '8.00', timeInForce: 'GTC' });
      v.bar(day, ['8.50', '8.70', '8.10', '8.60']);
      v.bar(2 * day, ['8.40', '8.50', '7.90', '8.00']);
    },
    fills: [
      ['SELL', 100, '8.5000', '0.8500'],
      ['SELL', 50, '8.0000', '0.4000'],
    ],
    events: [
      'OrderAccepted',
      'OrderAccepted',
      'OrderTriggered',
      'OrderFilled',
      'OrderTriggered',
      'OrderFilled',
    ],
  },
  {
    rule: 'bars: a stop-limit triggered inside the bar fills at the trigger when its limit accepts it',
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'BUY', quantity: 10, stop: '10.50', limit: '10.60', timeInForce: 'GTC' });
      v.submit({ side: 'BUY', quantity: 10, stop: '10.50', limit: '10.40', timeInForce: 'GTC' });
      v.bar(day, ['10.20', '10.80', '10.10', '10.70']);
      // The second triggered at 10.50 above its 10.40 limit; it now works as a limit and the next bar
      // opens at 10.30, through it.
      v.bar(2 * day, ['10.30', '10.50', '10.20', '10.40']);
    },
    fills: [
      ['BUY', 10, '10.5000', '0.1050'],
      ['BUY', 10, '10.3000', '0.1030'],
    ],
  },
  {
    rule: 'bars: a trailing sell stop trails the highs by its offset and triggers as a market order',
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'SELL', quantity: 100, trailBy: '1.00', timeInForce: 'GTC' });
      // Trails from the open 10.00 (stop 9.00), then the high 12.00 (stop 11.00).
      v.bar(day, ['10', '12', '9.50', '11.50']);
      // Opens 11.20 above the 11.00 stop; the low 10.90 reaches it: filled at 11.00.
      v.bar(2 * day, ['11.20', '11.40', '10.90', '11.00']);
    },
    fills: [['SELL', 100, '11.0000', '1.1000']],
  },
  {
    rule: 'bars: a fill is capped at the volume participation; a DAY order expires with its daily bar',
    options: { volumeParticipation: 0.1 },
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'BUY', quantity: 500 });
      v.bar(day, ['10', '10', '10', '10'], 2_000);
    },
    fills: [['BUY', 200, '10.0000', '2.0000']],
    events: ['OrderAccepted', 'OrderFilled', 'OrderExpired'],
  },
  {
    rule: 'bars: a DAY limit that never fills expires at the session close, a GTC one keeps working',
    options: { sessionCloseOf: testSessionCloseOf },
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'BUY', quantity: 10, limit: '5', id: 'day' });
      v.submit({ side: 'BUY', quantity: 10, limit: '5', id: 'gtc', timeInForce: 'GTC' });
      v.bar(day, ['10', '10', '10', '10']);
      v.bar(2 * day, ['10', '10', '10', '10']);
    },
    fills: [],
    events: ['OrderAccepted', 'OrderAccepted', 'OrderExpired'],
  },
  {
    rule: 'bars: fixed slippage moves the price against the order',
    options: {
      slippage: { kind: 'fixed-basis-points', basisPoints: 5 },
      commission: { kind: 'fixed', perOrder: Money.of('1') },
    },
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'BUY', quantity: 100 });
      v.submit({ side: 'SELL', quantity: 100 });
      v.bar(day, ['20', '20', '20', '20']);
    },
    fills: [
      ['BUY', 100, '20.0100', '1.0000'],
      ['SELL', 100, '19.9900', '1.0000'],
    ],
  },
  {
    rule: 'bars: OPG trades only the next open; an OPG limit the open misses expires',
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'BUY', quantity: 10, timeInForce: 'OPG' });
      v.submit({ side: 'BUY', quantity: 10, limit: '9', timeInForce: 'OPG' });
      v.bar(day, ['10.10', '10.20', '8.50', '9.00']);
    },
    fills: [['BUY', 10, '10.1000', '0.1010']],
    events: ['OrderAccepted', 'OrderAccepted', 'OrderFilled', 'OrderExpired'],
  },
  {
    rule: 'bars: CLS trades only at the close',
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'SELL', quantity: 10, timeInForce: 'CLS' });
      v.bar(day, ['10.10', '10.20', '8.50', '9.00']);
    },
    fills: [['SELL', 10, '9.0000', '0.0900']],
  },
  {
    rule: 'bars: an IOC order gets one bar; what that bar cannot fill is canceled',
    options: { volumeParticipation: 0.5 },
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10']);
      v.submit({ side: 'BUY', quantity: 100, timeInForce: 'IOC' });
      v.bar(day, ['10', '10', '10', '10'], 100);
    },
    fills: [['BUY', 50, '10.0000', '0.5000']],
    events: ['OrderAccepted', 'OrderFilled', 'OrderCanceled'],
  },
  {
    rule: 'bars: with latency, an order placed on a minute bar misses the next bar open it cannot reach',
    options: { latencyMilliseconds: 500 },
    run: (v) => {
      v.bar(0, ['10', '10', '10', '10'], 1_000, '1m');
      v.submit({ side: 'BUY', quantity: 10, timeInForce: 'GTC' });
      v.bar(60_000, ['10.10', '10.10', '10.10', '10.10'], 1_000, '1m');
      v.bar(120_000, ['10.20', '10.20', '10.20', '10.20'], 1_000, '1m');
    },
    fills: [['BUY', 10, '10.2000', '0.1020']],
  },
];

describe('fill engine rules on bars', () => check(barRows));
