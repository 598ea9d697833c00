// The work of `ats start`, loaded only when it runs.
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  loadConfig,
  processLogShipper,
  startDistributedPlatform,
  startOneProcessNode,
} from '@ats/services';
import { exitOnConfigError, stopOnSignal } from './process-signals.js';

const print = (line: string) => console.log(line);

/** The built web dashboard: apps/dashboard/dist beside this package (dist/commands -> apps/dashboard/dist). */
const dashboardDirectory = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

export async function startPlatform(options: {
  distributed?: boolean;
  env?: string;
  port?: number;
}): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
  const logger = createLogger({
    level: config.logging.level,
    service: 'ats',
    destination: processLogShipper.tee(process.stderr),
  });
  if (options.distributed) {
    const main = fileURLToPath(new URL('../main.cjs', import.meta.url));
    const gatewayPort = options.port ?? config.http.port;
    const platform = await startDistributedPlatform({
      config,
      logger,
      command: [process.execPath, main],
      onLine: print,
      onFatal: () => process.exit(1),
      gateway: { port: gatewayPort },
    });
    print('[ats] all services are up; Ctrl-C stops them in reverse order.');
    print(`[ats]   dashboard http://${config.http.host}:${gatewayPort}/  (the gateway; log in as admin)`);
    stopOnSignal(() => platform.stop(), print);
    return;
  }
  const node = await startOneProcessNode({
    config,
    logger,
    onStatus: (line) => print(`[ats] ${line}`),
    print,
    dashboardDirectory,
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  const storage =
    config.database.url || config.database.host
      ? 'PostgreSQL'
      : `embedded store ${config.database.data_directory}`;
  print(`[ats] ATS is running (paper trading a simulated market, ${storage})`);
  print(`[ats]   dashboard ${node.dashboardUrl}  (log in as admin)`);
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
}
