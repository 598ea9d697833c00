// `ats tca`: transaction cost analysis of the account's orders and algorithm parents, as a table, CSV
// or JSON, or an HTML report with charts. Registration only: the work is loaded when the command runs.
import type { Command } from 'commander';

export function registerTcaCommand(program: Command): void {
  program
    .command('tca')
    .description(
      'transaction cost analysis: slippage, implementation shortfall, fill rate, latency, fees, venues',
    )
    .option(
      '--url <url>',
      'the Trade Executor API',
      process.env.ATS_TRADE_EXECUTOR_URL ?? 'http://127.0.0.1:8000/api/trade-executor',
    )
    .option(
      '--by <grouping>',
      "parent, order, strategy, venue, day, or route (the smart router's venues and reasons)",
      'parent',
    )
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--limit <count>', 'rows to show (1 to 10000)', '100')
    .option('--report <file>', 'write the HTML report with charts to this file instead')
    .action(async (options: { url: string; by: string; format: string; limit: string; report?: string }) => {
      const { runTca } = await import('./tca-action.js');
      await runTca(options);
    });
}
