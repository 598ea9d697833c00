// `ats backtest`: runs a strategy on history through the live engines and writes the HTML and JSON report.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledDataFile, parseYahooCsv, renderHtmlReport, runBacktest } from '@ats/backtest';
import { type Bar, InvalidInputError, type Ticker, toSymbol } from '@ats/core';
import { strategyFactoryOf, strategyRegistry } from '@ats/strategies';
import type { Command } from 'commander';
import { boundedNumber, dateRange, positiveCash } from './option-values.js';
import { progressBar } from './progress-bar.js';

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

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

export function dataFileFor(symbol: string, data: string | undefined): string {
  // A named file or folder that is not there is an error, never a silent fall back to bundled data.
  if (data !== undefined && !existsSync(data))
    throw new InvalidInputError('--data', `no such file or folder: ${data}`, data);
  if (data && statSync(data).isFile()) return data;
  if (data && existsSync(data)) {
    const candidate = join(data, `${symbol.toLowerCase()}.txt`);
    if (existsSync(candidate)) return candidate;
    const csv = join(data, `${symbol.toLowerCase()}.csv`);
    if (existsSync(csv)) return csv;
    throw new InvalidInputError('--data', `no ${symbol.toLowerCase()}.txt or .csv in ${data}`);
  }
  const bundled = bundledDataFile(symbol);
  if (!bundled)
    throw new InvalidInputError(
      '--symbols',
      `no bundled data for ${symbol}; pass --data <csv file or folder>`,
    );
  return bundled;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'run a strategy on daily history through the live engines; writes report.html and results.json',
    )
    .requiredOption('--strategy <kind>', `strategy kind (${Object.keys(strategyRegistry).join(', ')})`)
    .requiredOption('--symbols <list>', 'comma-separated symbols, e.g. ORCL,NVDA')
    .option('--from <date>', 'first date, YYYY-MM-DD')
    .option('--to <date>', 'last date, YYYY-MM-DD')
    .option('--param <name=value>', 'a strategy parameter (repeatable)', collect, [])
    .option('--cash <amount>', 'starting cash', '100000')
    .option('--commission-bps <bps>', 'commission in basis points of notional', '0')
    .option('--slippage-bps <bps>', 'fixed slippage in basis points', '0')
    .option('--fill <timing>', 'market orders fill at next-open or close', 'next-open')
    .option('--participation <fraction>', 'at most this share of a bar volume per fill')
    .option('--account <kind>', 'the venue account: cash (no borrowing, no shorts) or margin (Reg T)', 'cash')
    .option('--adjust', 'rescale OHLC by Adj Close / Close')
    .option(
      '--data <path>',
      'a Yahoo-style CSV file, or a folder of <symbol>.txt/.csv (default: bundled data)',
    )
    .option('--report <folder>', 'where to write report.html and results.json')
    .action((options: Record<string, string | string[] | boolean | undefined>) => {
      const kind = options.strategy as string;
      const factory = strategyFactoryOf(kind);
      if (!factory)
        throw new InvalidInputError(
          '--strategy',
          `'${kind}' is not one of ${Object.keys(strategyRegistry).join(', ')}`,
        );
      const symbols = String(options.symbols)
        .split(',')
        .map((symbol) => toSymbol(symbol.trim().toUpperCase()));
      const parameters = parseParameters(options.param as string[]);
      const fill = options.fill as string;
      if (fill !== 'next-open' && fill !== 'close')
        throw new InvalidInputError('--fill', `'${fill}' must be next-open or close`);
      const account = options.account as string;
      if (account !== 'cash' && account !== 'margin')
        throw new InvalidInputError('--account', `'${account}' must be cash or margin`);
      const range = dateRange(options.from, options.to);
      const commissionBps = boundedNumber('--commission-bps', String(options.commissionBps), 0, 1_000);
      const slippageBps = boundedNumber('--slippage-bps', String(options.slippageBps), 0, 1_000);
      const participation =
        options.participation === undefined
          ? undefined
          : boundedNumber('--participation', String(options.participation), 0.0001, 1);
      const cash = positiveCash('--cash', String(options.cash));
      const bars = new Map<Ticker, Bar[]>();
      for (const symbol of symbols) {
        const file = dataFileFor(symbol, options.data as string | undefined);
        const series = parseYahooCsv(readFileSync(file, 'utf8'), {
          symbol,
          adjust: options.adjust === true,
          ...range,
        });
        if (series.length === 0)
          throw new InvalidInputError(
            options.from ? '--from' : '--to',
            `no bars of ${symbol} between ${String(options.from ?? 'the start')} and ${String(options.to ?? 'the end')} in ${file}`,
          );
        bars.set(symbol, series);
      }
      const progress = progressBar('backtest');
      const result = runBacktest({
        bars,
        strategies: () => [factory(kind, symbols, parameters)],
        startingCash: cash,
        rules: {
          marketFill: fill,
          slippage:
            slippageBps > 0 ? { kind: 'fixed-basis-points', basisPoints: slippageBps } : { kind: 'none' },
          commission: { kind: 'basis-points', basisPoints: commissionBps },
          ...(participation !== undefined ? { volumeParticipation: participation } : {}),
        },
        limits: { positionFraction: 1 / symbols.length, maxPositionSize: 1 },
        account: { kind: account },
        onProgress: (done) => progress.update(done),
      });
      progress.finish();
      const m = result.metrics;
      console.log(`bars ${result.bars}, fills ${result.fills.length}, round trips ${m.trades}`);
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
      if (options.report) {
        const folder = options.report as string;
        mkdirSync(folder, { recursive: true });
        const first = bars.get(symbols[0] as Ticker) ?? [];
        writeFileSync(join(folder, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
        writeFileSync(
          join(folder, 'report.html'),
          renderHtmlReport(result, {
            title: `${kind} ${JSON.stringify(parameters)} on ${symbols.join(', ')}`,
            startingCash: cash.toNumber(),
            ...(symbols.length === 1 ? { prices: first.map((bar) => bar.close.toNumber()) } : {}),
          }),
        );
        console.log(`report: ${join(folder, 'report.html')}, results: ${join(folder, 'results.json')}`);
      }
    });
}
