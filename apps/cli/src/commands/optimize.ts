// `ats optimize`: grid or random search, or walk-forward analysis, of a strategy's parameters on worker threads.
// Registration only (commander): the work is in optimize-action.ts, loaded when the command runs.
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { collect } from './backtest.js';

export function registerOptimizeCommand(program: Command): void {
  program
    .command('optimize')
    .description(
      "search a strategy's parameters (grid or random) or run a walk-forward analysis, in parallel",
    )
    .requiredOption('--strategy <kind>', 'strategy kind')
    .requiredOption('--symbols <list>', 'comma-separated symbols')
    .option('--grid <name=from:to:step>', 'a parameter grid axis (repeatable)', collect, [])
    .option('--random <samples>', 'draw this many random points inside the grid axes instead of all of them')
    .option('--seed <n>', 'seed of the random search', '1')
    .option(
      '--metric <name>',
      'ranking metric (sharpe, sortino, calmar, totalReturn, cagr, profitFactor)',
      'sharpe',
    )
    .option(
      '--walk-forward <in:out>',
      'walk-forward with in-sample and out-of-sample lengths in bars, e.g. 504:126',
    )
    .option('--from <date>', 'first date')
    .option('--to <date>', 'last date')
    .option('--cash <amount>', 'starting cash', '100000')
    .option('--commission-bps <bps>', 'commission in basis points', '0')
    .option('--workers <n>', 'worker threads', String(Math.max(1, availableParallelism())))
    .option(
      '--distributed',
      'evaluate on `ats backtest-worker` processes through the queue on Redis (REDIS_URL, the configuration) instead of threads',
    )
    .option('--env <name>', 'configuration environment, for --distributed (config/<name>.yaml)')
    .option('--data <path>', 'CSV file or folder (default: bundled data)')
    .option('--top <n>', 'rows to print', '10')
    .option('--report <folder>', 'write optimization.json there')
    .action(async (options: Record<string, string | string[] | undefined>) =>
      (await import('./optimize-action.js')).runOptimizeCommand(options),
    );
}
