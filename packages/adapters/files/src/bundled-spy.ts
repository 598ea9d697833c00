// The SPY files bundled in data/ (see data/README.md): where they are and a ready replay of them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bar, Ticker } from '@ats/core';
import {
  type LeanQuoteBar,
  type LeanTick,
  parseLeanQuoteBars,
  parseLeanTicks,
  parseLeanTradeBars,
} from './lean-files.js';

const folder = fileURLToPath(new URL('../data/', import.meta.url));
const file = { symbol: 'SPY' as Ticker, date: '2013-10-07' };

export const bundledSpyFiles = {
  minuteQuotes: `${folder}20131007_spy_minute_quote.csv`,
  minuteTrades: `${folder}20131007_spy_minute_trade.csv`,
  ticks: `${folder}20131007_spy_trade_tick_0930_0940.csv`,
} as const;

export interface BundledSpy {
  readonly quoteBars: LeanQuoteBar[];
  readonly tradeBars: Bar[];
  readonly ticks: LeanTick[];
}

export function loadBundledSpy(): BundledSpy {
  return {
    quoteBars: parseLeanQuoteBars(readFileSync(bundledSpyFiles.minuteQuotes, 'utf8'), file),
    tradeBars: parseLeanTradeBars(readFileSync(bundledSpyFiles.minuteTrades, 'utf8'), file),
    ticks: parseLeanTicks(readFileSync(bundledSpyFiles.ticks, 'utf8'), file),
  };
}
