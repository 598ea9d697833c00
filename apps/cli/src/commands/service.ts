// `ats service <name>`: runs one spec service in this process (used by the multi-process mode).
// Registration only (commander): the work is in service-action.ts, loaded when it runs.
import type { Command } from 'commander';

export function registerServiceCommand(program: Command): void {
  program
    .command('service')
    .description(
      'run one service on its spec port over Redis and PostgreSQL, or the gateway (an unknown name lists the services)',
    )
    .argument('<name>', 'the service')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .option(
      '--instance <name>',
      'this instance of several (strategy-engine or data-collector with partition_by_symbol)',
    )
    .option(
      '--port <port>',
      "listen here instead of the service's configured port (default for --instance k: that port + 100 × (k − 1))",
    )
    .action(async (name: string, options: { env?: string; instance?: string; port?: string }) =>
      (await import('./service-action.js')).runService(name, options),
    );
}
