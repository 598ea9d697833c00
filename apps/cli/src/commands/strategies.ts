// `ats strategies`: list the running strategies, enable or disable one at run time (a feature flag,
// audited), and show live performance per strategy, over the Strategy Engine's REST API.
import type { Command } from 'commander';

const defaultUrl = process.env.ATS_STRATEGY_ENGINE_URL ?? 'http://127.0.0.1:8000/api/strategy-engine';

export function registerStrategiesCommand(program: Command): void {
  const command = program
    .command('strategies')
    .description('list, enable and disable strategies of a running ATS; their live performance')
    .option('--url <url>', 'the Strategy Engine API', defaultUrl);
  const base = () => (command.opts() as { url: string }).url;
  command
    .command('list')
    .description('strategies with their kind, symbols, enabled state and PnL')
    .action(async () => (await import('./strategies-action.js')).listStrategies(base()));
  for (const verb of ['enable', 'disable'] as const)
    command
      .command(verb)
      .description(`${verb} a strategy now (stored; survives a restart)`)
      .argument('<id>', 'the strategy id')
      .option('--reason <text>', 'why, kept with the flag')
      .action(async (id: string, options: { reason?: string }) =>
        (await import('./strategies-action.js')).setStrategyEnabled(
          base(),
          id,
          verb === 'enable',
          options.reason,
        ),
      );
  command
    .command('performance')
    .description('live PnL, Sharpe, drawdown, hit rate and turnover per strategy')
    .action(async () => (await import('./strategies-action.js')).showPerformance(base()));
}
