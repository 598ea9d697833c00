// `ats audit verify|search|export`: walk the audit chain, search the trail, export orders with their decisions.
// Registration only (commander): the work is in audit-action.ts, loaded when a subcommand runs.
import type { Command } from 'commander';

function instant(option: string) {
  return (value: string): number => {
    const time = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(time))
      throw new Error(
        `${option}: '${value}' is not a date or ISO instant (e.g. 2026-01-31 or 2026-01-31T14:30:00Z)`,
      );
    return time;
  };
}

function limit(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 1_000)
    throw new Error(`--limit: '${value}' must be a whole number from 1 to 1000`);
  return number;
}

const envOption = ['--env <name>', 'configuration environment (config/<name>.yaml)'] as const;

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description('walk the hash chain and its signed checkpoints; exit 1 naming the first broken record')
    .option(...envOption)
    .option('--json', 'print the report as JSON')
    .action(async (options: { env?: string; json?: boolean }) =>
      (await import('./audit-action.js')).verifyAudit(options),
    );
  audit
    .command('search')
    .description('audit records, newest first, by actor, action (http.*, order.*), object and time')
    .option('--actor <id>', 'who acted (user, key or service id)')
    .option('--action <action>', 'an action, or a prefix ending in .*')
    .option('--object <object>', 'what it acted on (a path, an order id)')
    .option('--from <instant>', 'from this date or instant', instant('--from'))
    .option('--to <instant>', 'up to this date or instant', instant('--to'))
    .option('--limit <n>', 'at most this many records (1-1000, default 100)', limit)
    .option(...envOption)
    .action(
      async (options: {
        actor?: string;
        action?: string;
        object?: string;
        from?: number;
        to?: number;
        limit?: number;
        env?: string;
      }) => (await import('./audit-action.js')).searchAudit(options),
    );
  audit
    .command('export')
    .description('compliance export: the orders of a period with their risk decisions, as CSV or JSON')
    .requiredOption('--from <instant>', 'orders created from this date or instant', instant('--from'))
    .requiredOption('--to <instant>', 'up to (not including) this date or instant', instant('--to'))
    .option('--format <format>', 'csv or json', 'csv')
    .option(...envOption)
    .action(async (options: { from: number; to: number; format: string; env?: string }) => {
      if (options.format !== 'csv' && options.format !== 'json')
        throw new Error(`--format: '${options.format}' must be csv or json`);
      if (options.from > options.to) throw new Error('--from is after --to');
      await (await import('./audit-action.js')).exportAudit(options);
    });
}
