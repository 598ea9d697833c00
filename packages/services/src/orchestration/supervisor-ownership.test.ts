// The supervisor owns its services: they die with it (SIGKILL), it refuses an address another process serves, and its stop is bounded.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AtsError } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../node/free-port.js';
import { isProcessRunning } from '../testing/process-running.js';
import { ServiceSupervisor } from './service-supervisor.js';

const folder = mkdtempSync(join(tmpdir(), 'ats-supervisor-ownership-'));
const watchModule = fileURLToPath(new URL('../../dist/orchestration/supervisor-watch.js', import.meta.url));
const supervisorModule = fileURLToPath(
  new URL('../../dist/orchestration/service-supervisor.js', import.meta.url),
);

/** A service that answers /health and exits when its supervisor dies (the watch `ats service` installs). */
const watchedService = join(folder, 'watched-service.mjs');
writeFileSync(
  watchedService,
  `import { createServer } from 'node:http';
import { watchSupervisor } from ${JSON.stringify(watchModule)};
watchSupervisor({ stop: () => undefined, pollMilliseconds: 200 });
createServer((request, response) => { response.writeHead(request.url === '/health' ? 200 : 404); response.end('ok'); })
  .listen(Number(process.argv[2]), '127.0.0.1');
`,
);

/** A service that ignores SIGTERM: only SIGKILL stops it. */
const stubbornService = join(folder, 'stubborn-service.mjs');
writeFileSync(
  stubbornService,
  `import { createServer } from 'node:http';
process.on('SIGTERM', () => {});
createServer((request, response) => { response.writeHead(200); response.end('ok'); })
  .listen(Number(process.argv[2]), '127.0.0.1');
`,
);

/** Waits for a condition, failing after a generous deadline (a bound, not a measured timing). */
async function until(condition: () => boolean, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let processes: ChildProcess[] = [];
let supervisor: ServiceSupervisor | null = null;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = null;
  for (const child of processes) child.kill('SIGKILL');
  processes = [];
});

describe('a supervisor owns its services', () => {
  it('takes its services down with it when it is killed with SIGKILL', async () => {
    const ports = [await freePort(), await freePort()];
    // The supervisor in a process of its own, so the test can SIGKILL it.
    const script = `
      const { ServiceSupervisor } = await import(${JSON.stringify(supervisorModule)});
      const ports = ${JSON.stringify(ports)};
      const supervisor = new ServiceSupervisor({
        services: ports.map((port, index) => ({
          name: 'service-' + index,
          command: [process.execPath, ${JSON.stringify(watchedService)}, String(port)],
          url: 'http://127.0.0.1:' + port,
        })),
      });
      await supervisor.start();
      console.log('pids ' + supervisor.statuses().map((status) => status.pid).join(','));
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    processes.push(parent);
    const pids = await new Promise<number[]>((resolve, reject) => {
      let output = '';
      parent.stdout?.on('data', (chunk: Buffer) => {
        output += String(chunk);
        const match = /pids ([\d,]+)/.exec(output);
        if (match) resolve((match[1] as string).split(',').map(Number));
      });
      parent.once('exit', (code) => reject(new Error(`supervisor exited with ${code}`)));
    });
    expect(pids).toHaveLength(2);
    expect(pids.every(isProcessRunning)).toBe(true);

    parent.kill('SIGKILL');
    await until(() => pids.every((pid) => !isProcessRunning(pid)), 'services gone after their supervisor');
    for (const port of ports) {
      const answered = await fetch(`http://127.0.0.1:${port}/health`).then(
        () => true,
        () => false,
      );
      expect(answered).toBe(false);
    }
  }, 60_000);

  it('refuses to start a service whose address another process already serves', async () => {
    const port = await freePort();
    const squatter = createHttpServer((_request, response) => {
      response.writeHead(200);
      response.end('ok');
    });
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const launched: number[] = [];
    supervisor = new ServiceSupervisor({
      services: [
        {
          name: 'trade-executor',
          command: [process.execPath, watchedService, String(port)],
          url: `http://127.0.0.1:${port}`,
        },
      ],
      onStatus: (status) => {
        if (status.pid !== null) launched.push(status.pid);
      },
    });
    const refusal = await supervisor.start().then(
      () => null,
      (error: unknown) => error,
    );
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    expect(refusal).toBeInstanceOf(AtsError);
    expect((refusal as AtsError).code).toBe('RESOURCE_LOCKED');
    expect((refusal as AtsError).message).toContain(`http://127.0.0.1:${port} is already served`);
    expect(launched).toEqual([]);
  });

  it('kills a service that ignores SIGTERM once the stop budget is spent', async () => {
    const port = await freePort();
    supervisor = new ServiceSupervisor({
      services: [
        {
          name: 'stubborn',
          command: [process.execPath, stubbornService, String(port)],
          url: `http://127.0.0.1:${port}`,
        },
      ],
      stopTimeoutMilliseconds: 60_000,
      stopBudgetMilliseconds: 300,
    });
    await supervisor.start();
    const pid = supervisor.statuses()[0]?.pid as number;
    expect(isProcessRunning(pid)).toBe(true);
    await supervisor.stop();
    expect(isProcessRunning(pid)).toBe(false);
    expect(supervisor.statuses()[0]?.state).toBe('stopped');
  });
});
