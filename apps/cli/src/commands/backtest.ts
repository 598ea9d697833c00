// `ats backtest`: runs a strategy on history through the live engines and writes the HTML and JSON report.
// Registration only (commander): the work is in backtest-action.ts, loaded when the command runs (from
// its bundle when fresh, see command-bundle.ts), so `ats` starts without loading any engine.
import type { Command } from 'commander';
// Both small and in the program's bundle: an import() of a compiled module here would start Node's ES
// module loader, about 10 ms (see main.cts).
import { importCommandAction } from './command-bundle.cjs';
import { delayOptimizingCompiler } from './short-run-tiering.js';

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'run a strategy on history (bars of any timeframe, quotes or trade ticks) through the live engines; writes report.html and results.json',
    )
    .requiredOption(
      '--strategy <kind|file|package>',
      'a strategy kind (e.g. sma-cross), a .ts/.js strategy file, or a package name',
    )
    .requiredOption('--symbols <list>', 'comma-separated symbols, e.g. ORCL,NVDA')
    .option('--from <date>', 'first date (YYYY-MM-DD) or ISO instant')
    .option('--to <date>', 'last date (YYYY-MM-DD, included) or ISO instant')
    .option('--param <name=value>', 'a strategy parameter (repeatable)', collect, [])
    .option('--cash <amount>', 'starting cash', '100000')
    .option('--commission-bps <bps>', 'commission in basis points of notional', '0')
    .option('--slippage-bps <bps>', 'fixed slippage in basis points', '0')
    .option('--fill <timing>', 'market orders fill at next-open or close', 'next-open')
    .option('--participation <fraction>', 'at most this share of a bar volume per fill')
    .option('--account <kind>', 'the venue account: cash (no borrowing, no shorts) or margin (Reg T)', 'cash')
    .option('--adjust', 'rescale Yahoo OHLC by Adj Close / Close')
    .option(
      '--data <path>',
      'a CSV, Parquet, Yahoo or LEAN file, or a folder of <symbol>.txt/.csv/.parquet; "database" for market_ohlcv (default: bundled data)',
    )
    .option('--catalog <folder>', 'stream bars from this data catalog (ats data import)')
    .option(
      '--records <kind>',
      'what the data holds: bars, quotes or ticks (quotes and ticks become bars)',
      'bars',
    )
    .option('--timeframe <tf>', 'bar timeframe, 5s to 1mo (default 1d; 1m for quotes and ticks)')
    .option(
      '--mapping <preset-or-json>',
      'column mapping of a CSV or Parquet file: ninjatrader, yahoo, ats, or JSON',
    )
    .option('--delimiter <character>', 'field separator of a CSV file')
    .option('--no-header', 'the CSV file has no header line')
    .option('--zone <iana>', 'time zone of times written without one, e.g. America/New_York (default UTC)')
    .option('--equity-resolution <tf>', 'keep one equity point per period of this length, e.g. 1d')
    .option(
      '--sizing <method-or-json>',
      'position sizing as risk_models.sizing: fixed_fraction, fixed_quantity, volatility_target, kelly, risk_parity, or JSON with its settings',
    )
    .option(
      '--monitor <action-or-json>',
      'the risk monitor as risk_models.monitor: none, halt, reduce, flatten (its action on a critical alarm), or JSON with its settings',
    )
    .option('--report <folder>', 'where to write report.html and results.json')
    .action(async (options: Record<string, string | string[] | boolean | undefined>) => {
      const load = () => import('./backtest-action.js');
      // `--data database` opens the store through the compiled modules (a second copy of the packages):
      // that run takes the compiled modules too, so no object crosses between two copies of a class.
      const action =
        options.data === 'database'
          ? await load()
          : await importCommandAction(new URL('./backtest-action.js', import.meta.url), load);
      delayOptimizingCompiler();
      await action.runBacktestCommand(options);
      // Done: nothing is left to run but V8's background work (compiling functions that will not run
      // again, the end of a concurrent marking), which Node waits for before it exits, some 15-40 ms on
      // a busy machine. Exit now, unless a stream still holds output (standard output and error are
      // written synchronously to files, pipes and terminals on Linux; elsewhere they drain first).
      if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
    });
}
