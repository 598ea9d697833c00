// `ats data quality`: for each symbol, the minute bars the NYSE calendar expects in the regular sessions
// of a date range against those stored, the missing minutes, and the rejections kept for inspection.
import { type MarketCalendar, NyseCalendar } from '@ats/calendar';
import { type Database, openDatabase } from '@ats/persistence';
import type { AtsConfig } from '../config/config-schema.js';
import { databaseOptionsOf } from '../wiring/config-mapping.js';

const minute = 60_000;

export interface StoredQualityRow {
  readonly symbol: string;
  readonly sessions: number;
  readonly expectedBars: number;
  readonly storedBars: number;
  readonly missingBars: number;
  readonly completeness: number;
  /** The first missing minutes (up to 20), ISO. */
  readonly firstMissing: readonly string[];
  readonly rejections: number;
}

export interface StoredQualityReport {
  readonly from: string;
  readonly to: string;
  readonly symbols: readonly StoredQualityRow[];
}

export async function storedQualityReport(
  database: Database,
  request: { symbols: readonly string[]; from: string; to: string },
  calendar: MarketCalendar = new NyseCalendar(),
): Promise<StoredQualityReport> {
  const sessions = calendar.sessionsBetween(request.from, request.to);
  const rows: StoredQualityRow[] = [];
  for (const symbol of request.symbols) {
    const first = sessions[0];
    const last = sessions[sessions.length - 1];
    const stored = new Set<number>();
    if (first && last) {
      const bars = await database.query<{ time: string }>(
        `SELECT (extract(epoch FROM timestamp) * 1000)::bigint::text AS time FROM market_ohlcv
         WHERE symbol = $1 AND timeframe = '1m' AND timestamp >= $2 AND timestamp < $3`,
        [symbol, new Date(first.open).toISOString(), new Date(last.close).toISOString()],
      );
      for (const bar of bars) stored.add(Number(bar.time));
    }
    let expected = 0;
    let present = 0;
    const missing: string[] = [];
    for (const session of sessions) {
      for (let time = session.open; time < session.close; time += minute) {
        expected++;
        if (stored.has(time)) present++;
        else if (missing.length < 20) missing.push(new Date(time).toISOString());
      }
    }
    const rejections = await database.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM market_data_rejections WHERE symbol = $1',
      [symbol],
    );
    rows.push({
      symbol,
      sessions: sessions.length,
      expectedBars: expected,
      storedBars: present,
      missingBars: expected - present,
      completeness: expected === 0 ? 1 : present / expected,
      firstMissing: missing,
      rejections: Number(rejections[0]?.count ?? 0),
    });
  }
  return { from: request.from, to: request.to, symbols: rows };
}

/** The report on the configured store. */
export async function marketDataQualityReport(
  config: AtsConfig,
  request: { symbols: readonly string[]; from: string; to: string },
): Promise<StoredQualityReport> {
  const database = await openDatabase(databaseOptionsOf(config));
  try {
    return await storedQualityReport(database, request);
  } finally {
    await database.close();
  }
}
