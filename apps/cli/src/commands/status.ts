// `ats status`: the platform's health as the Monitoring service sees it (the work is in status-action.ts).
import type { Command } from 'commander';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description("the platform's status: each service's health, the monitoring checklist and firing alerts")
    .option(
      '--url <url>',
      'the Monitoring API root (default $ATS_URL/api/monitoring; http://host:8008 for the service)',
    )
    .option('--json', 'print the status as JSON')
    .action(async (options: { url?: string; json?: boolean }) => {
      const { printStatus } = await import('./status-action.js');
      process.exitCode = await printStatus(options);
    });
}
