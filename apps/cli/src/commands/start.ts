// `ats start`: the whole platform in one process (default) or as one process per service (--distributed).
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig, startDistributedPlatform, startOneProcessNode } from '@ats/services';
import type { Command } from 'commander';
import { exitOnConfigError, stopOnSignal } from './process-signals.js';

const print = (line: string) => console.log(line);

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the platform: paper trading a simulated market, with the REST APIs and /metrics')
    .option('--distributed', 'one process per service on its spec port, over Redis and PostgreSQL')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .option('--port <number>', 'HTTP port of the one-process node', (value) => Number.parseInt(value, 10))
    .action(async (options: { distributed?: boolean; env?: string; port?: number }) => {
      const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
      const logger = createLogger({
        level: config.logging.level,
        service: 'ats',
        destination: process.stderr,
      });
      if (options.distributed) {
        const main = fileURLToPath(new URL('../main.js', import.meta.url));
        const platform = await startDistributedPlatform({
          config,
          logger,
          command: [process.execPath, main],
          onLine: print,
          onFatal: () => process.exit(1),
        });
        print('[ats] all services are up; Ctrl-C stops them in reverse order.');
        stopOnSignal(() => platform.stop(), print);
        return;
      }
      const node = await startOneProcessNode({
        config,
        logger,
        onStatus: (line) => print(`[ats] ${line}`),
        print,
        ...(options.port !== undefined ? { port: options.port } : {}),
      });
      const storage =
        config.database.url || config.database.host
          ? 'PostgreSQL'
          : `embedded store ${config.database.data_directory}`;
      print(`[ats] ATS is running (paper trading a simulated market, ${storage})`);
      print(`[ats]   health    ${node.url}/health`);
      print(`[ats]   metrics   ${node.url}/metrics`);
      print(`[ats]   orders    ${node.url}/api/trade-executor/orders`);
      print(`[ats]   portfolio ${node.url}/api/trade-executor/portfolio`);
      print(`[ats]   signals   ${node.url}/api/strategy-engine/signals`);
      print(
        `[ats]   login     ats login admin  (every route but /health needs a token or key: docs/security.md)`,
      );
      print('[ats] Ctrl-C stops cleanly; a restart resumes with the same positions and cash.');
      stopOnSignal(() => node.stop(), print);
    });
}
