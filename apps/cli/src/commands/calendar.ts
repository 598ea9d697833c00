// `ats calendar`: NYSE sessions, the market's state at an instant, holidays — answered locally.
// Registration only (commander): the work is in calendar-action.ts, loaded when a subcommand runs.
import type { Command } from 'commander';

export function registerCalendarCommand(program: Command): void {
  const command = program
    .command('calendar')
    .description('the NYSE calendar: sessions, hours, holidays (New York time)');
  command
    .command('sessions')
    .description('list the sessions between two dates')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last date, YYYY-MM-DD')
    .action(async (options: { from: string; to: string }) =>
      (await import('./calendar-action.js')).printSessions(options),
    );
  command
    .command('status', { isDefault: true })
    .description('is the market open, and when it next opens and closes')
    .option('--at <instant>', 'an ISO time (default now)')
    .action(async (options: { at?: string }) => (await import('./calendar-action.js')).printStatus(options));
  command
    .command('day')
    .description("one date's session or why the market is closed")
    .argument('<date>', 'YYYY-MM-DD')
    .action(async (date: string) => (await import('./calendar-action.js')).printDay(date));
}
