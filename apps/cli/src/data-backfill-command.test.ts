// `ats data backfill` spawned for real: interrupted with SIGINT (Ctrl-C) it stops after a chunk, the same
// command resumes where it stopped and completes, and the store holds every bar exactly once.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));

interface Store {
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}
const { PgliteDatabase } = (await import(
  fileURLToPath(new URL('../../../packages/persistence/dist/index.js', import.meta.url))
)) as { PgliteDatabase: { open(directory: string): Promise<Store> } };

/** Minute bars of 14:30-21:00 UTC (09:30-16:00 New York in winter) for each weekday of January to March 2011. */
function writeBars(file: string): number {
  const lines = ['time,symbol,open,high,low,close,volume'];
  for (let date = Date.UTC(2011, 0, 3); date < Date.UTC(2011, 3, 1); date += 86_400_000) {
    const weekday = new Date(date).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let minute = 0; minute < 390; minute++) {
      const time = new Date(date + (14 * 60 + 30 + minute) * 60_000).toISOString();
      const cents = 12_700 + ((minute * 7) % 300);
      const price = (value: number) => (value / 100).toFixed(2);
      lines.push(
        `${time},SPY,${price(cents)},${price(cents + 5)},${price(cents - 5)},${price(cents + 1)},${1_000 + minute}`,
      );
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return lines.length - 1;
}

describe('ats data backfill', () => {
  it('interrupted with SIGINT and run again completes without duplicates', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'ats-cli-backfill-'));
    const file = join(dataDirectory, 'spy-2011-q1.csv');
    const total = writeBars(file);
    const args = [
      main,
      'data',
      'backfill',
      '--provider',
      'csv',
      '--file',
      file,
      '--mapping',
      'ats',
      '--symbols',
      'SPY',
      '--from',
      '2011-01-01',
      '--to',
      '2011-03-31',
      '--timeframe',
      '1m',
    ];
    const env = { ...process.env, ATS_DATA_DIR: dataDirectory, DATABASE_URL: '', REDIS_URL: '' };

    const first = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, args, { env });
      let stdout = '';
      let signalled = false;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // Ctrl-C once three chunks are stored.
        if (!signalled && (stdout.match(/^chunk /gm) ?? []).length >= 3) {
          signalled = true;
          child.kill('SIGINT');
        }
      });
      child.on('exit', (code) => resolve({ code, stdout }));
    });
    expect(first.code, first.stdout).toBe(130);
    expect(first.stdout).toContain('interrupted after');
    const chunksBefore = (first.stdout.match(/^chunk /gm) ?? []).length;
    expect(chunksBefore).toBeLessThan(90);

    const second = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/SPY: resumed from 2011-\d\d-\d\dT00:00:00.000Z/);
    // Only the chunks the first run did not finish are fetched again.
    expect((second.stdout.match(/^chunk /gm) ?? []).length).toBe(90 - chunksBefore);
    expect(second.stdout).toContain('backfill complete');

    const third = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    expect(third.status, third.stderr).toBe(0);
    expect(third.stdout).toContain('backfill complete: 0 new or changed bars');

    const quality = spawnSync(
      process.execPath,
      [main, 'data', 'quality', '--symbols', 'SPY', '--from', '2011-01-03', '--to', '2011-01-07', '--json'],
      { env, encoding: 'utf8' },
    );
    expect(quality.status, quality.stderr).toBe(0);
    expect(JSON.parse(quality.stdout).symbols[0]).toMatchObject({
      symbol: 'SPY',
      sessions: 5,
      expectedBars: 1950,
      storedBars: 1950,
      missingBars: 0,
    });

    const store = await PgliteDatabase.open(join(dataDirectory, 'pglite'));
    try {
      const [counts] = await store.query(
        "SELECT count(*)::int AS total, count(DISTINCT timestamp)::int AS distinct_times FROM market_ohlcv WHERE symbol = 'SPY' AND timeframe = '1m'",
      );
      expect(counts).toEqual({ total, distinct_times: total });
    } finally {
      await store.close();
    }
  }, 300_000);
});
