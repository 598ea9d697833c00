// `ats service <name>`: runs one spec service in this process (used by the multi-process mode).
import {
  createLogger,
  distributedServices,
  loadConfig,
  type RunningService,
  startServiceProcess,
  watchSupervisor,
} from '@ats/services';
import type { Command } from 'commander';
import { exitOnConfigError, stopOnSignal } from './process-signals.js';

export function registerServiceCommand(program: Command): void {
  program
    .command('service')
    .description(
      `run one service on its spec port over Redis and PostgreSQL (${distributedServices.join(', ')})`,
    )
    .argument('<name>', 'the service')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (name: string, options: { env?: string }) => {
      if (!(distributedServices as readonly string[]).includes(name)) {
        console.error(
          `ats service: '${name}' is not a service; choose one of ${distributedServices.join(', ')}`,
        );
        process.exit(2);
      }
      const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
      const logger = createLogger({
        level: config.logging.level,
        service: name,
        destination: process.stdout,
      });
      // Under a supervisor: exit when it dies, even mid-start, so no orphan keeps trading.
      let running: RunningService | null = null;
      watchSupervisor({ stop: () => running?.stop(), log: (line) => console.error(`${name}: ${line}`) });
      const service = await startServiceProcess({
        config,
        logger,
        service: name as (typeof distributedServices)[number],
      });
      running = service;
      console.log(`${name} listening on ${service.url}`);
      stopOnSignal(
        () => service.stop(),
        (line) => console.log(line),
      );
    });
}
