// `ats data backfill` (resumable, idempotent bar history into market_ohlcv, with a progress bar) and
// `ats data quality` (the quality report of the stored market data).
import { InvalidInputError, type Timeframe, timeframes } from '@ats/core';
import { loadConfig, marketDataQualityReport, runConfiguredBackfill } from '@ats/services';
import type { Command } from 'commander';
import { dateRange } from './option-values.js';
import { exitOnConfigError } from './process-signals.js';
import { progressBar } from './progress-bar.js';

const day = 86_400_000;

interface BackfillFlags {
  provider: string;
  symbols: string;
  from: string;
  to: string;
  timeframe: string;
  file?: string;
  mapping?: string;
  delimiter?: string;
  env?: string;
}

function timeframeOf(text: string): Timeframe {
  if (!(timeframes as readonly string[]).includes(text)) {
    throw new InvalidInputError('--timeframe', `'${text}' is not one of ${timeframes.join(', ')}`, text);
  }
  return text as Timeframe;
}

function symbolsOf(text: string): string[] {
  const symbols = text
    .split(',')
    .map((symbol) => symbol.trim())
    .filter((symbol) => symbol.length > 0);
  if (symbols.length === 0) throw new InvalidInputError('--symbols', 'names no symbol', text);
  return symbols;
}

export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('market data: history backfill and quality report');
  data
    .command('backfill')
    .description(
      'load bar history from a provider into the store; Ctrl-C stops after the current chunk, and the same command resumes',
    )
    .requiredOption('--provider <name>', 'the history provider (csv, alpaca, polygon, yahoo, alpha-vantage)')
    .requiredOption('--symbols <list>', 'comma-separated symbols')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD (UTC)')
    .requiredOption('--to <date>', 'last date, YYYY-MM-DD (UTC, included)')
    .option('--timeframe <tf>', `bar length: ${timeframes.join(', ')}`, '1m')
    .option('--file <path>', 'the file of a file provider')
    .option('--mapping <preset-or-json>', 'column mapping of the file: ninjatrader, yahoo, ats, or JSON')
    .option('--delimiter <character>', 'field separator of the file')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (flags: BackfillFlags) => {
      const config = exitOnConfigError(() => loadConfig(flags.env ? { environment: flags.env } : {}));
      const range = dateRange(flags.from, flags.to);
      const from = Date.parse(`${range.from}T00:00:00Z`);
      const to = Date.parse(`${range.to}T00:00:00Z`) + day;
      const symbols = symbolsOf(flags.symbols);
      const abort = new AbortController();
      // Ctrl-C: finish the chunk being written (its progress commits with it), then stop.
      const interrupt = () => {
        if (abort.signal.aborted) process.exit(130);
        console.error('[ats] interrupted: stopping after the current chunk; run the same command to resume');
        abort.abort();
      };
      process.on('SIGINT', interrupt);
      process.on('SIGTERM', interrupt);
      const bar = progressBar(`backfill ${symbols.join(',')}`);
      const outcome = await runConfiguredBackfill(config, {
        provider: flags.provider,
        symbols,
        from,
        to,
        timeframe: timeframeOf(flags.timeframe),
        ...(flags.file ? { file: flags.file } : {}),
        ...(flags.mapping ? { mapping: flags.mapping } : {}),
        ...(flags.delimiter ? { delimiter: flags.delimiter } : {}),
        signal: abort.signal,
        onProgress: (progress) => {
          bar.update(progress.fraction);
          console.log(
            `chunk ${progress.symbol} ${new Date(progress.chunkFrom).toISOString()} .. ${new Date(progress.chunkTo).toISOString()}: ${progress.bars} bars`,
          );
        },
      });
      bar.finish();
      for (const [symbol, resumed] of outcome.resumedFrom) {
        if (resumed > from) console.log(`${symbol}: resumed from ${new Date(resumed).toISOString()}`);
      }
      if (outcome.interrupted) {
        console.log(`interrupted after ${outcome.barsWritten} new bars; run the same command to resume`);
        process.exit(130);
      }
      console.log(`backfill complete: ${outcome.barsWritten} new or changed bars`);
    });
  data
    .command('quality')
    .description(
      'the quality report of stored market data: expected versus stored minute bars per session, rejections',
    )
    .requiredOption('--symbols <list>', 'comma-separated symbols')
    .requiredOption('--from <date>', 'first session date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last session date, YYYY-MM-DD')
    .option('--json', 'print the report as JSON')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (flags: { symbols: string; from: string; to: string; json?: boolean; env?: string }) => {
      const config = exitOnConfigError(() => loadConfig(flags.env ? { environment: flags.env } : {}));
      const range = dateRange(flags.from, flags.to);
      const report = await marketDataQualityReport(config, {
        symbols: symbolsOf(flags.symbols),
        from: range.from as string,
        to: range.to as string,
      });
      if (flags.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      console.log('symbol  sessions  expected  stored  missing  completeness  rejections');
      for (const row of report.symbols) {
        console.log(
          `${row.symbol.padEnd(7)} ${String(row.sessions).padStart(8)}  ${String(row.expectedBars).padStart(8)}  ${String(row.storedBars).padStart(6)}  ${String(row.missingBars).padStart(7)}  ${(row.completeness * 100).toFixed(2).padStart(11)}%  ${String(row.rejections).padStart(10)}`,
        );
      }
    });
}
