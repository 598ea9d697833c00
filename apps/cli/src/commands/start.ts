// `ats start`: the whole platform in one process (default) or as one process per service (--distributed).
// Registration only (commander): the work is in start-action.ts, loaded when it runs.
import type { Command } from 'commander';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the platform: paper trading a simulated market, with the REST APIs and /metrics')
    .option('--distributed', 'one process per service on its spec port, over Redis and PostgreSQL')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .option(
      '--port <number>',
      'HTTP port of the one-process node, or of the gateway with --distributed',
      (value) => Number.parseInt(value, 10),
    )
    .action(async (options: { distributed?: boolean; env?: string; port?: number }) =>
      (await import('./start-action.js')).startPlatform(options),
    );
}
