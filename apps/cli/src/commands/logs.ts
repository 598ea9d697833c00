// `ats logs`: full-text search of the platform's logs (the work is in logs-action.ts).
import type { Command } from 'commander';

export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description('search the logs stored by the Monitoring service, newest first')
    .argument('[words...]', 'words that must all appear in the line')
    .option('--level <level>', 'only this level (trace, debug, info, warn, error, fatal)')
    .option('--service <name>', 'only this service')
    .option('--correlation-id <id>', "one order's or request's lines, across services")
    .option('--from <instant>', 'from this ISO instant')
    .option('--to <instant>', 'up to this ISO instant')
    .option('--limit <n>', 'at most this many lines (1-1000, default 100)')
    .option('--url <url>', 'the Monitoring API root (default $ATS_URL/api/monitoring)')
    .option('--json', 'print the lines as JSON')
    .action(async (words: string[], options: Record<string, string | boolean | undefined>) => {
      const { printLogs } = await import('./logs-action.js');
      process.exitCode = await printLogs(words, options);
    });
}
