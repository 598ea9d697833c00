// The work of `ats data backfill` and `ats data quality`, loaded only when one of them runs.
import { InvalidInputError, type Timeframe, timeframes } from '@ats/core';
import { loadConfig, marketDataQualityReport, runConfiguredBackfill } from '@ats/services';
import { dateRange } from './option-values.js';
import { exitOnConfigError } from './process-signals.js';
import { progressBar } from './progress-bar.js';

const day = 86_400_000;

export interface BackfillFlags {
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

export function symbolsOf(text: string): string[] {
  const symbols = text
    .split(',')
    .map((symbol) => symbol.trim())
    .filter((symbol) => symbol.length > 0);
  if (symbols.length === 0) throw new InvalidInputError('--symbols', 'names no symbol', text);
  return symbols;
}

export async function backfill(flags: BackfillFlags): Promise<void> {
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
}

export async function printQuality(flags: {
  symbols: string;
  from: string;
  to: string;
  json?: boolean;
  env?: string;
}): Promise<void> {
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
}
