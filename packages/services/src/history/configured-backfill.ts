// `ats data backfill` against the configured store: opens it, runs the resumable backfill, closes it.
import { type Ticker, type Timeframe, toSymbol } from '@ats/core';
import { openDatabase } from '@ats/persistence';
import type { AtsConfig } from '../config/config-schema.js';
import { databaseOptionsOf } from '../wiring/config-mapping.js';
import { type BackfillOutcome, type BackfillProgressReport, runBackfill } from './backfill-runner.js';
import { historyProviderOf } from './history-providers.js';

export interface ConfiguredBackfillOptions {
  readonly provider: string;
  readonly file?: string;
  readonly mapping?: string;
  readonly delimiter?: string;
  readonly symbols: readonly string[];
  readonly from: number;
  readonly to: number;
  readonly timeframe: Timeframe;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BackfillProgressReport) => void;
}

export async function runConfiguredBackfill(
  config: AtsConfig,
  options: ConfiguredBackfillOptions,
): Promise<BackfillOutcome> {
  const symbols: Ticker[] = options.symbols.map((symbol) => toSymbol(symbol));
  const provider = historyProviderOf(
    {
      provider: options.provider,
      timeframe: options.timeframe,
      ...(options.file ? { file: options.file } : {}),
      ...(options.mapping ? { mapping: options.mapping } : {}),
      ...(options.delimiter ? { delimiter: options.delimiter } : {}),
      ...(symbols.length === 1 ? { symbol: symbols[0] as string } : {}),
    },
    config,
  );
  const database = await openDatabase(databaseOptionsOf(config));
  try {
    return await runBackfill(database, {
      provider,
      symbols,
      from: options.from,
      to: options.to,
      timeframe: options.timeframe,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await database.close();
  }
}
