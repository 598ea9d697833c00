// `ats continuity`: business continuity on a running ATS over its REST API: the manual override mode
// (only operators' orders), the risk-ranked emergency liquidation, the protective stops, their state.
// Registration only (commander): the work loads from continuity-action.ts when a subcommand runs.
import type { Command } from 'commander';

interface ContinuityUrls {
  readonly riskUrl: string;
  readonly executorUrl: string;
}

const base = process.env.ATS_URL ?? 'http://127.0.0.1:8000';

export function registerContinuityCommand(program: Command): void {
  const command = program
    .command('continuity')
    .description('business continuity: manual override mode, emergency liquidation')
    .option(
      '--risk-url <url>',
      'the Risk Manager API',
      process.env.ATS_RISK_MANAGER_URL ?? `${base}/api/risk-manager`,
    )
    .option(
      '--executor-url <url>',
      'the Trade Executor API',
      process.env.ATS_TRADE_EXECUTOR_URL ?? `${base}/api/trade-executor`,
    );
  const urls = () => command.opts() as ContinuityUrls;
  command
    .command('status')
    .description(
      'the manual override mode, the emergency liquidation plan (positions by risk) and the protective stops',
    )
    .action(async () => {
      const { showContinuity } = await import('./continuity-action.js');
      process.exitCode = await showContinuity(urls());
    });
  command
    .command('override')
    .description('turn manual override mode on (strategies refused, only manual orders) or off')
    .argument('<state>', 'on or off')
    .requiredOption('--reason <text>', 'why (kept in the audit trail and sent to stakeholders)')
    .action(async (state: string, options: { reason: string }) => {
      const { setManualOverride } = await import('./continuity-action.js');
      process.exitCode = await setManualOverride(urls(), state, options.reason);
    });
  command
    .command('liquidate')
    .description('emergency liquidation: manual override on, then every position flattened, riskiest first')
    .requiredOption('--reason <text>', 'why (kept in the audit trail and sent to stakeholders)')
    .option('--keep-strategies', 'do not turn manual override on first (strategies may trade again)')
    .action(async (options: { reason: string; keepStrategies?: boolean }) => {
      const { liquidate } = await import('./continuity-action.js');
      process.exitCode = await liquidate(urls(), options.reason, options.keepStrategies === true);
    });
}
