// Run by the backtest suite as `node --no-opt` on this file: the ORCL backtest three times with V8's
// optimizing compiler off, printing each run's bars per second as JSON. From the second run on every
// function the run calls is already compiled to bytecode and baseline code, so that rate is what a
// first run could reach at most before optimized code exists (the cold row's ceiling).
import { readFileSync } from 'node:fs';
import { parseYahooCsv } from '@ats/backtest';
import type { Bar, Ticker } from '@ats/core';
import { smaCrossConfig, timedRun } from './backtest.js';

export interface UnoptimizedRates {
  /** Bars per second of each run, first to last. */
  readonly rates: readonly number[];
  /** Whether the process ran with the optimizing compiler off (`--no-opt`), as this measure requires. */
  readonly optimizerOff: boolean;
}

const text = readFileSync(
  new URL('../../../packages/backtest/fixtures/orcl-1995-2014.txt', import.meta.url),
  'utf8',
);
const orcl = 'ORCL' as Ticker;
const bars = new Map<Ticker, Bar[]>([[orcl, parseYahooCsv(text, { symbol: orcl })]]);
const config = await smaCrossConfig(bars);
const rates: number[] = [];
for (let run = 0; run < 3; run++) rates.push(timedRun(config).rate);
const report: UnoptimizedRates = { rates, optimizerOff: process.execArgv.includes('--no-opt') };
process.stdout.write(`${JSON.stringify(report)}\n`);
