// Keeps market_quotes' monthly partitions ahead of the data (this month and the next two) and, with
// data.quote_retention set, drops the months that ended longer ago than the retention.
import { type Database, dropQuotesBefore, ensureQuotePartitions } from '@ats/persistence';

const day = 86_400_000;

export async function maintainQuotePartitions(
  database: Database,
  marketNow: number,
  retentionMilliseconds: number | null,
): Promise<{ created: string[]; dropped: string[] }> {
  const created = await ensureQuotePartitions(database, marketNow - 31 * day, marketNow + 62 * day);
  const dropped =
    retentionMilliseconds === null ? [] : await dropQuotesBefore(database, marketNow - retentionMilliseconds);
  return { created, dropped };
}
