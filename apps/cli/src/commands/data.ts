// `ats data backfill` (resumable, idempotent bar history into market_ohlcv, with a progress bar) and
// `ats data quality` (the quality report of the stored market data).
// Registration only (commander): the work is in data-action.ts, loaded when a subcommand runs.
import type { Command } from 'commander';
import type { BackfillFlags } from './data-action.js';

export function registerDataCommand(program: Command): void {
  const data = program
    .command('data')
    .description('market data: history backfill, quality report, and imports into the Parquet data catalog');
  data
    .command('import')
    .description(
      'import bars into the Parquet data catalog (one file per symbol and UTC date) from a file or the store; quotes and ticks are aggregated into bars of --timeframe',
    )
    .requiredOption('--catalog <folder>', 'the catalog folder')
    .requiredOption('--symbols <list>', 'comma-separated symbols')
    .option('--file <path>', 'a CSV, Parquet, Yahoo or LEAN file, or a folder of <symbol> files')
    .option('--from-database', "the configured store's market_ohlcv")
    .option('--records <kind>', 'what the file holds: bars, quotes or ticks', 'bars')
    .option('--timeframe <tf>', 'bar timeframe, 5s to 1mo (default 1d; 1m for quotes and ticks)')
    .option('--from <date>', 'first date (YYYY-MM-DD) or ISO instant')
    .option('--to <date>', 'last date (YYYY-MM-DD, included) or ISO instant')
    .option('--mapping <preset-or-json>', 'column mapping of the file: ninjatrader, yahoo, ats, or JSON')
    .option('--delimiter <character>', 'field separator of a CSV file')
    .option('--no-header', 'the CSV file has no header line')
    .option('--zone <iana>', 'time zone of times written without one (default UTC)')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (flags: Record<string, string | boolean | undefined>) =>
      (await import('./data-import-action.js')).importIntoCatalog(flags),
    );
  data
    .command('backfill')
    .description(
      'load bar history from a provider into the store; Ctrl-C stops after the current chunk, and the same command resumes',
    )
    .requiredOption('--provider <name>', 'the history provider (csv, alpaca, polygon, yahoo, alpha-vantage)')
    .requiredOption('--symbols <list>', 'comma-separated symbols')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD (UTC)')
    .requiredOption('--to <date>', 'last date, YYYY-MM-DD (UTC, included)')
    .option('--timeframe <tf>', 'bar length, e.g. 1m, 5m, 1h, 1d', '1m')
    .option('--file <path>', 'the file of a file provider')
    .option('--mapping <preset-or-json>', 'column mapping of the file: ninjatrader, yahoo, ats, or JSON')
    .option('--delimiter <character>', 'field separator of the file')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (flags: BackfillFlags) => (await import('./data-action.js')).backfill(flags));
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
    .action(async (flags: { symbols: string; from: string; to: string; json?: boolean; env?: string }) =>
      (await import('./data-action.js')).printQuality(flags),
    );
}
