// The work of `ats data import`: bars from a file or the store, loaded by the backtest builder's loader
// (the same sources, mappings and checks as a backtest), written into the Parquet data catalog.

import { barsToColumns, DataCatalog } from '@ats/adapter-files';
import { loadMarketData, parseBacktestRequest, symbolsOf } from '@ats/backtest';
import { InvalidInputError, type MarketDataRepository } from '@ats/core';

type Flags = Record<string, string | boolean | undefined>;

function sourceOf(flags: Flags) {
  const records = (flags.records ?? 'bars') as 'bars';
  if (flags.fromDatabase === true) return { kind: 'database' as const, records };
  if (typeof flags.file !== 'string')
    throw new InvalidInputError('--file', 'name a file or folder, or pass --from-database');
  let mapping: unknown;
  if (typeof flags.mapping === 'string')
    try {
      mapping = flags.mapping.trimStart().startsWith('{') ? JSON.parse(flags.mapping) : flags.mapping;
    } catch (error) {
      throw new InvalidInputError('--mapping', `is not a preset or JSON: ${(error as Error).message}`);
    }
  return {
    kind: 'file' as const,
    path: flags.file,
    records,
    ...(mapping !== undefined ? { mapping: mapping as 'ats' } : {}),
    ...(typeof flags.delimiter === 'string' ? { delimiter: flags.delimiter } : {}),
    ...(flags.header === false ? { header: false } : {}),
    ...(typeof flags.zone === 'string' ? { zone: flags.zone } : {}),
  };
}

export async function importIntoCatalog(flags: Flags): Promise<void> {
  // The loader reads a backtest request; an import names no strategy, so it carries a placeholder one.
  const request = parseBacktestRequest({
    strategy: 'data-import',
    symbols: String(flags.symbols)
      .split(',')
      .map((symbol) => symbol.trim().toUpperCase())
      .filter((symbol) => symbol.length > 0),
    data: sourceOf(flags),
    ...(typeof flags.timeframe === 'string' ? { timeframe: flags.timeframe } : {}),
    ...(typeof flags.from === 'string' ? { from: flags.from } : {}),
    ...(typeof flags.to === 'string' ? { to: flags.to } : {}),
  });
  let store: { marketData: MarketDataRepository; close(): Promise<void> } | undefined;
  if (request.data.kind === 'database') {
    const { openMarketDataStore } = await import('./market-data-store.js');
    store = await openMarketDataStore(typeof flags.env === 'string' ? flags.env : undefined);
  }
  try {
    const loaded = await loadMarketData(
      request,
      symbolsOf(request),
      store ? { marketData: store.marketData } : {},
    );
    const catalog = await DataCatalog.open(String(flags.catalog));
    for (const [symbol, bars] of loaded.bars ?? new Map()) {
      const rows = catalog.write({ kind: 'bars', timeframe: loaded.timeframe }, symbol, barsToColumns(bars));
      const dates = catalog.dates({ kind: 'bars', timeframe: loaded.timeframe }, symbol);
      console.log(
        `${symbol}: ${rows} ${loaded.timeframe} bars imported; the catalog holds ${dates.length} dates of them`,
      );
    }
  } finally {
    await store?.close();
  }
}
