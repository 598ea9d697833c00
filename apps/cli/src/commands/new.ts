// `ats new strategy <name>`: writes a strategy file to start from, runnable at once with
// `ats backtest --strategy ./<name>.ts`.
import type { Command } from 'commander';

export function registerNewCommand(program: Command): void {
  const command = program.command('new').description('create a file to start from');
  command
    .command('strategy')
    .description('write <name>.ts: a strategy against the strategy API (Strategy, StrategyContext)')
    .argument('<name>', 'the strategy name, kebab-case (e.g. my-momentum)')
    .option('--dir <folder>', 'where to write it', '.')
    .action(async (name: string, options: { dir: string }) =>
      (await import('./new-strategy-action.js')).writeStrategyTemplate(name, options.dir),
    );
}
