// Backfills bar history from a provider into market_ohlcv: in chunks, each written by COPY and upsert in
// one transaction with its progress, so an interrupted run resumes where it stopped and never duplicates.
import { type DataClient, InvalidInputError, type Ticker, type Timeframe } from '@ats/core';
import { type BackfillKey, BackfillProgressStore, BarHistoryWriter, type Database } from '@ats/persistence';

const day = 86_400_000;

export interface BackfillRequest {
  readonly provider: DataClient;
  readonly symbols: readonly Ticker[];
  /** [from, to) in epoch ms UTC. */
  readonly from: number;
  readonly to: number;
  readonly timeframe: Timeframe;
  /** Length of one chunk (default one day for intraday bars, a year for daily bars). */
  readonly chunkMilliseconds?: number;
  /** Stops between chunks (Ctrl-C): what is written stays, with its progress. */
  readonly signal?: AbortSignal;
  /** After each chunk: the fraction done over every symbol, and what the chunk did. */
  readonly onProgress?: (progress: BackfillProgressReport) => void;
}

export interface BackfillProgressReport {
  readonly fraction: number;
  readonly symbol: Ticker;
  readonly chunkFrom: number;
  readonly chunkTo: number;
  readonly bars: number;
}

export interface BackfillOutcome {
  readonly interrupted: boolean;
  /** Bars inserted or changed by this run. */
  readonly barsWritten: number;
  /** Where each symbol resumed from (its range start on a first run). */
  readonly resumedFrom: ReadonlyMap<Ticker, number>;
}

export async function runBackfill(database: Database, request: BackfillRequest): Promise<BackfillOutcome> {
  const { provider, symbols, from, to, timeframe } = request;
  if (!(from < to)) throw new InvalidInputError('from', `${new Date(from).toISOString()} is not before to`);
  const history = provider.historyBars?.bind(provider);
  if (!history || !provider.capabilities.history.bars.includes(timeframe)) {
    throw new InvalidInputError('provider', `${provider.name} has no ${timeframe} bar history`);
  }
  const chunk = request.chunkMilliseconds ?? (timeframe === '1d' ? 366 * day : day);
  const progress = new BackfillProgressStore(database);
  const writer = new BarHistoryWriter(database);
  const resumedFrom = new Map<Ticker, number>();
  const total = (to - from) * symbols.length;
  let barsWritten = 0;
  for (const [index, symbol] of symbols.entries()) {
    const key: BackfillKey = { provider: provider.name, symbol, timeframe, from, to };
    const stored = await progress.load(key);
    let doneUntil = stored?.doneUntil ?? from;
    let rows = stored?.rowsWritten ?? 0;
    resumedFrom.set(symbol, doneUntil);
    while (doneUntil < to) {
      // A turn of the event loop between chunks: an embedded store answers through microtasks only, and
      // without this a Ctrl-C would wait for the whole run.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (request.signal?.aborted) return { interrupted: true, barsWritten, resumedFrom };
      // Chunks end on multiples of the chunk length (UTC days), so reruns cut the range identically.
      const chunkFrom = doneUntil;
      const chunkTo = Math.min(to, doneUntil - (doneUntil % chunk) + chunk);
      const bars = [];
      for await (const page of history({ symbol, timeframe, from: doneUntil, to: chunkTo }))
        bars.push(...page.items);
      const written = await writer.write(bars, (transaction) =>
        progress.save(transaction, key, {
          doneUntil: chunkTo,
          rowsWritten: rows + bars.length,
          completed: chunkTo >= to,
        }),
      );
      rows += bars.length;
      barsWritten += written;
      doneUntil = chunkTo;
      request.onProgress?.({
        fraction: ((to - from) * index + (doneUntil - from)) / total,
        symbol,
        chunkFrom,
        chunkTo,
        bars: bars.length,
      });
    }
  }
  return { interrupted: false, barsWritten, resumedFrom };
}
