// The work of `ats service <name>`, loaded only when it runs.
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  instancePort,
  loadConfig,
  processLogShipper,
  runnableServices,
  startGatewayProcess,
  startServiceProcess,
  watchSupervisor,
} from '@ats/services';
import { exitOnConfigError, stopOnSignal } from './process-signals.js';

/** The built web dashboard the gateway serves (dist/commands -> apps/dashboard/dist). */
const dashboardDirectory = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

export async function runService(
  name: string,
  options: { env?: string; instance?: string; port?: string },
): Promise<void> {
  if (name !== 'gateway' && !(runnableServices as readonly string[]).includes(name)) {
    console.error(
      `ats service: '${name}' is not a service; choose one of ${[...runnableServices, 'gateway'].join(', ')}`,
    );
    process.exit(2);
  }
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    console.error(`ats service: --port '${options.port}' must be a whole number from 1 to 65535`);
    process.exit(2);
  }
  if (options.instance !== undefined && !/^[a-z0-9][a-z0-9_-]{0,39}$/.test(options.instance)) {
    console.error(
      `ats service: --instance '${options.instance}' must be 1-40 of a-z, 0-9, '-' and '_', starting with a letter or digit`,
    );
    process.exit(2);
  }
  const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
  const logger = createLogger({
    level: config.logging.level,
    service: name,
    destination: processLogShipper.tee(process.stdout),
  });
  // Under a supervisor: exit when it dies, even mid-start, so no orphan keeps trading.
  let running: { stop(): Promise<void> } | null = null;
  watchSupervisor({ stop: () => running?.stop(), log: (line) => console.error(`${name}: ${line}`) });
  const service =
    name === 'gateway'
      ? await startGatewayProcess({
          config,
          logger,
          dashboardDirectory,
          ...(port !== undefined ? { port } : {}),
        })
      : await startServiceProcess({
          config,
          logger,
          service: name as (typeof runnableServices)[number],
          // A numbered instance without --port: where the supervisor would run it (systemd's template).
          ...(port !== undefined
            ? { port }
            : options.instance !== undefined
              ? { port: instancePort(config, name as (typeof runnableServices)[number], options.instance) }
              : {}),
          ...(options.instance !== undefined ? { instance: options.instance } : {}),
        });
  running = service;
  console.log(`${name} listening on ${service.url}`);
  stopOnSignal(
    () => service.stop(),
    (line) => console.log(line),
  );
}
