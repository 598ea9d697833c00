// Tests of the supervisor: start in order, restart of a killed process with health green again, stop in reverse.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServiceStatus, ServiceSupervisor } from './service-supervisor.js';

/** A tiny service: answers /health with 200 and logs its start. */
const serviceScript = join(tmpdir(), `ats-supervised-${process.pid}.mjs`);
writeFileSync(
  serviceScript,
  `import { createServer } from 'node:http';
const port = Number(process.argv[2]);
createServer((request, response) => { response.writeHead(request.url === '/health' ? 200 : 404); response.end('ok'); })
  .listen(port, '127.0.0.1', () => console.log('listening ' + port));
process.on('SIGTERM', () => { console.log('stopping ' + port); process.exit(0); });
`,
);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until(condition: () => boolean, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let supervisor: ServiceSupervisor | null = null;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = null;
});

describe('ServiceSupervisor', () => {
  it('starts in order, restarts a killed service until healthy again, and stops in reverse', async () => {
    const ports = [await freePort(), await freePort()];
    const history: ServiceStatus[] = [];
    const lines: string[] = [];
    supervisor = new ServiceSupervisor({
      services: ['first', 'second'].map((name, index) => ({
        name,
        command: [process.execPath, serviceScript, String(ports[index])],
        url: `http://127.0.0.1:${ports[index]}`,
      })),
      onStatus: (status) => history.push(status),
      onLine: (service, line) => lines.push(`${service}: ${line}`),
      healthIntervalMilliseconds: 100,
      initialBackoffMilliseconds: 100,
    });
    await supervisor.start();
    const upOrder = history.filter((status) => status.state === 'up').map((status) => status.name);
    expect(upOrder).toEqual(['first', 'second']);

    const victim = supervisor.statuses().find((status) => status.name === 'second');
    expect(victim?.pid).toBeTypeOf('number');
    process.kill(victim?.pid as number, 'SIGKILL');
    await until(() => history.some((status) => status.name === 'second' && status.state === 'down'));
    await until(() => {
      const now = supervisor?.statuses().find((status) => status.name === 'second');
      return now?.state === 'up' && now.restarts === 1;
    });
    const restarted = supervisor.statuses().find((status) => status.name === 'second');
    expect(restarted?.pid).not.toBe(victim?.pid);
    const response = await fetch(`http://127.0.0.1:${ports[1]}/health`);
    expect(response.status).toBe(200);

    await supervisor.stop();
    const stops = lines.filter((line) => line.includes('stopping')).map((line) => line.split(':')[0]);
    expect(stops).toEqual(['second', 'first']);
  }, 30_000);

  it('fails the start, naming the service, when it never turns healthy', async () => {
    supervisor = new ServiceSupervisor({
      services: [
        { name: 'broken', command: [process.execPath, '-e', 'process.exit(3)'], url: 'http://127.0.0.1:9' },
      ],
      startTimeoutMilliseconds: 5_000,
    });
    await expect(supervisor.start()).rejects.toThrow(/broken exited while starting/);
  });
});
