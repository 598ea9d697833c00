// Measures quotes written to PostgreSQL by the market data repository (COPY, text built directly) against
// `psql \copy` of the very same rows, side by side, median and spread of five runs each. Needs
// DATABASE_URL (and psql on the PATH); without them the lines say so.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Price, type Quote, type Ticker } from '@ats/core';
import {
  createRepositories,
  migrate,
  PostgresDatabase,
  quoteCopyColumns,
  quotesCopyText,
} from '@ats/persistence';
import { type BenchmarkRow, type BenchmarkSuite, formatRate } from '../benchmark-row.js';

const rows = 200_000;
const runs = 5;

function quotes(): Quote[] {
  const start = Date.parse('2013-10-07T13:30:00Z');
  return Array.from({ length: rows }, (_, index) => {
    const price = Price.fromRaw(1_680_000 + (index % 997));
    return {
      symbol: ['SPY', 'AAPL', 'MSFT', 'JPM'][index % 4] as string as Ticker,
      time: start + index * 7,
      receivedAt: start + index * 7 + 3,
      bid: price,
      ask: Price.fromRaw(price.raw + 100),
      bidSize: 100 + (index % 50),
      askSize: 200 + (index % 70),
      last: price,
      volume: index % 1_000,
    };
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const spread = (values: number[]) => `${formatRate(Math.min(...values))}-${formatRate(Math.max(...values))}`;

export const marketDataCopySuite: BenchmarkSuite = {
  name: 'market-data-copy',
  async run(): Promise<readonly BenchmarkRow[]> {
    const url = process.env.DATABASE_URL;
    if (!url) {
      return [
        {
          component: 'Market Data storage',
          metric: 'quotes/s by COPY',
          target: '120,000/s',
          measured: 'skipped: DATABASE_URL not set',
          ratio: Number.NaN,
        },
      ];
    }
    const schema = `ats_bench_${randomBytes(4).toString('hex')}`;
    const admin = await PostgresDatabase.open({ url, maxConnections: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const database = await PostgresDatabase.open({ url, schema, maxConnections: 2 });
    try {
      await migrate(database);
      const repository = createRepositories(database).marketData;
      const data = quotes();
      const file = join(mkdtempSync(join(tmpdir(), 'ats-bench-copy-')), 'quotes.tsv');
      writeFileSync(file, quotesCopyText(data));
      const ours: number[] = [];
      const psql: number[] = [];
      for (let run = 0; run < runs; run++) {
        await database.query('TRUNCATE market_quotes');
        let begin = performance.now();
        await repository.appendQuotes(data);
        ours.push((rows / (performance.now() - begin)) * 1000);
        await database.query('TRUNCATE market_quotes');
        begin = performance.now();
        const result = spawnSync(
          'psql',
          [
            url,
            '-v',
            'ON_ERROR_STOP=1',
            '-c',
            `SET search_path=${schema}`,
            '-c',
            `\\copy market_quotes (${quoteCopyColumns.join(',')}) from '${file}'`,
          ],
          { encoding: 'utf8' },
        );
        if (result.status !== 0) throw new Error(`psql failed: ${result.stderr || result.error?.message}`);
        psql.push((rows / (performance.now() - begin)) * 1000);
      }
      const ratio = median(ours) / median(psql);
      return [
        {
          component: 'Market Data storage',
          metric: `quotes/s by COPY (${rows} rows, median of ${runs}; spread ${spread(ours)})`,
          target: '120,000/s',
          measured: formatRate(median(ours)),
          ratio: median(ours) / 120_000,
        },
        {
          component: 'Market Data storage',
          metric: `psql \\copy of the same rows (spread ${spread(psql)})`,
          target: 'ours >= 0.8x',
          measured: `${formatRate(median(psql))} (ours ${ratio.toFixed(2)}x)`,
          ratio: ratio / 0.8,
        },
      ];
    } finally {
      await database.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  },
};
