// Market data as bus messages: a quote or a bar wrapped with an event header for transport.
import type { Bar, Quote } from '../market-data/market-data.js';
import type { EventHeader } from './event.js';

export interface QuoteReceived extends EventHeader {
  readonly type: 'QuoteReceived';
  readonly quote: Quote;
}

export interface BarClosed extends EventHeader {
  readonly type: 'BarClosed';
  readonly bar: Bar;
}
