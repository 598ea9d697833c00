// The work of `ats backtest`: the command line's options become the one backtest request, the one builder
// assembles the run, and the result is printed and written as reports. Loads only the backtest path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assembleBacktest,
  type BacktestRequestInput,
  type DataSource,
  type MarketDataContext,
  ParsedBarsCache,
  renderHtmlReport,
  runBacktest,
} from '@ats/backtest';
import { InvalidInputError, type Ticker } from '@ats/core';
import { progressBar } from './progress-bar.js';

type Options = Record<string, string | string[] | boolean | undefined>;

/** `--param fast=10` -> { fast: 10 }, naming a malformed one. */
export function parseParameters(entries: readonly string[]): Record<string, number> {
  const parameters: Record<string, number> = {};
  for (const entry of entries) {
    const match = /^([A-Za-z][\w-]*)=(-?\d+(\.\d+)?)$/.exec(entry);
    if (!match) throw new InvalidInputError('--param', `'${entry}' must look like name=number`, entry);
    parameters[match[1] as string] = Number(match[2]);
  }
  return parameters;
}

/** A decimal option as a number, naming the flag when it is not one (the schema then checks its range). */
function decimal(flag: string, text: unknown): number {
  const value = typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new InvalidInputError(flag, `'${String(text)}' must be a number`, text);
  return value;
}

function mappingOf(text: string): NonNullable<Extract<DataSource, { kind: 'file' }>['mapping']> {
  if (!text.trimStart().startsWith('{')) return text as 'ninjatrader';
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('--mapping', `is not a preset or JSON: ${(error as Error).message}`, text);
  }
}

function dataSourceOf(options: Options): BacktestRequestInput['data'] {
  const records = options.records as 'bars';
  if (typeof options.catalog === 'string') return { kind: 'catalog', root: options.catalog, records };
  const data = options.data as string | undefined;
  if (data === undefined) return { kind: 'bundled', records };
  if (data === 'database') return { kind: 'database', records };
  return {
    kind: 'file',
    path: data,
    records,
    ...(typeof options.mapping === 'string' ? { mapping: mappingOf(options.mapping) } : {}),
    ...(typeof options.delimiter === 'string' ? { delimiter: options.delimiter } : {}),
    ...(options.header === false ? { header: false } : {}),
    ...(typeof options.zone === 'string' ? { zone: options.zone } : {}),
  };
}

/** The one backtest request the options stand for (its schema names a bad value by its field). */
export function requestOf(options: Options): BacktestRequestInput {
  return {
    strategy: String(options.strategy),
    symbols: String(options.symbols)
      .split(',')
      .map((symbol) => symbol.trim().toUpperCase())
      .filter((symbol) => symbol.length > 0),
    parameters: parseParameters(options.param as string[]),
    data: dataSourceOf(options),
    ...(typeof options.timeframe === 'string' ? { timeframe: options.timeframe } : {}),
    ...(typeof options.from === 'string' ? { from: options.from } : {}),
    ...(typeof options.to === 'string' ? { to: options.to } : {}),
    cash: String(options.cash),
    commissionBps: decimal('--commission-bps', options.commissionBps),
    slippageBps: decimal('--slippage-bps', options.slippageBps),
    fill: options.fill as 'next-open',
    ...(options.participation !== undefined
      ? { participation: decimal('--participation', options.participation) }
      : {}),
    account: options.account as 'cash',
    adjust: options.adjust === true,
    ...(typeof options.equityResolution === 'string' ? { equityResolution: options.equityResolution } : {}),
    ...(typeof options.sizing === 'string' ? { sizing: sizingOf(options.sizing) } : {}),
    ...(typeof options.monitor === 'string' ? { monitor: monitorOf(options.monitor) } : {}),
  };
}

/** `--monitor flatten` or `--monitor '{"action_on_critical":"reduce","reduce_fraction":0.25}'`. */
function monitorOf(text: string): NonNullable<BacktestRequestInput['monitor']> {
  if (!text.trimStart().startsWith('{')) return { action_on_critical: text as 'none' };
  try {
    return JSON.parse(text) as NonNullable<BacktestRequestInput['monitor']>;
  } catch (error) {
    throw new InvalidInputError('--monitor', `not an action nor JSON: ${(error as Error).message}`);
  }
}

/** `--sizing kelly` or `--sizing '{"method":"volatility_target","volatility_measure":"atr"}'`. */
function sizingOf(text: string): NonNullable<BacktestRequestInput['sizing']> {
  if (!text.trimStart().startsWith('{')) return { method: text as 'fixed_fraction' };
  try {
    return JSON.parse(text) as NonNullable<BacktestRequestInput['sizing']>;
  } catch (error) {
    throw new InvalidInputError('--sizing', `not a method name nor JSON: ${(error as Error).message}`);
  }
}

/** The store, opened only for `--data database` (the only backtest that needs a database driver). */
async function storeContext(
  request: BacktestRequestInput,
): Promise<{ context: MarketDataContext; close(): Promise<void> }> {
  if (request.data?.kind !== 'database') return { context: {}, close: async () => {} };
  const { openMarketDataStore } = await import('./market-data-store.js');
  const store = await openMarketDataStore();
  return { context: { marketData: store.marketData }, close: () => store.close() };
}

/** The command-line flag of each request field, so a refusal names what the user typed. */
const flags: Readonly<Record<string, string>> = {
  strategy: '--strategy',
  symbols: '--symbols',
  parameters: '--param',
  timeframe: '--timeframe',
  from: '--from',
  to: '--to',
  cash: '--cash',
  commissionBps: '--commission-bps',
  slippageBps: '--slippage-bps',
  fill: '--fill',
  participation: '--participation',
  sizing: '--sizing',
  account: '--account',
  equityResolution: '--equity-resolution',
  'data.path': '--data',
  'data.records': '--records',
  'data.mapping': '--mapping',
  'data.delimiter': '--delimiter',
  'data.zone': '--zone',
  'data.root': '--catalog',
};

/** A refusal of the builder, its field renamed to the flag (`commissionBps` -> `--commission-bps`). */
export function withFlagName(error: unknown): unknown {
  if (!(error instanceof InvalidInputError)) return error;
  const field = Object.keys(flags).find((name) => error.field === name || error.field.startsWith(`${name}.`));
  if (!field) return error;
  return new InvalidInputError(flags[field] as string, error.message.slice(error.field.length + 2));
}

export async function runBacktestCommand(options: Options): Promise<void> {
  try {
    await runBacktestOptions(options);
  } catch (error) {
    throw withFlagName(error);
  }
}

async function runBacktestOptions(options: Options): Promise<void> {
  const request = requestOf(options);
  const progress = progressBar('backtest');
  const store = await storeContext(request);
  let assembled: Awaited<ReturnType<typeof assembleBacktest>>;
  try {
    assembled = await assembleBacktest(request, {
      ...store.context,
      // A CSV file parsed by an earlier run is read back as columns (docs/backtesting.md, Speed).
      parsedBars: ParsedBarsCache.ofInstallation(),
      onProgress: (done) => progress.update(done),
    });
  } finally {
    await store.close();
  }
  const result = runBacktest(assembled.config);
  progress.finish();
  const m = result.metrics;
  console.log(
    `bars ${result.bars}, fills ${result.fills.length}, round trips ${m.trades} (${assembled.timeframe} bars)`,
  );
  if (result.rejections.length > 0)
    console.log(
      `${result.account} account: the venue refused ${result.rejections.length} orders (first: ${result.rejections[0]?.reason})`,
    );
  console.log(
    `final equity ${result.finalEquity} (total return ${(m.totalReturn * 100).toFixed(2)}%, CAGR ${(m.cagr * 100).toFixed(2)}%)`,
  );
  console.log(
    `Sharpe ${m.sharpe.toFixed(2)}, max drawdown ${(m.maxDrawdown * 100).toFixed(2)}%, win rate ${(m.winRate * 100).toFixed(1)}%, commissions ${m.commissions.toFixed(2)}`,
  );
  if (m.benchmarkReturn !== null)
    console.log(
      `buy and hold ${(m.benchmarkReturn * 100).toFixed(2)}%, alpha ${m.alpha?.toFixed(4)}, beta ${m.beta?.toFixed(4)}`,
    );
  if (typeof options.report === 'string') {
    const folder = options.report;
    mkdirSync(folder, { recursive: true });
    const first = assembled.config.bars?.get(assembled.symbols[0] as Ticker) ?? [];
    writeFileSync(join(folder, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(
      join(folder, 'report.html'),
      renderHtmlReport(result, {
        title: assembled.title,
        startingCash: Number(assembled.request.cash),
        ...(assembled.symbols.length === 1 && first.length > 0
          ? { prices: first.map((bar) => bar.close.toNumber()) }
          : {}),
      }),
    );
    console.log(`report: ${join(folder, 'report.html')}, results: ${join(folder, 'results.json')}`);
  }
}
