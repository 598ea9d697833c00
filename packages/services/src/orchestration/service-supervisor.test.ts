// Tests of the supervisor: start in order, restart of a killed process with health green again, stop in reverse.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../node/free-port.js';
import { type ServiceStatus, ServiceSupervisor } from './service-supervisor.js';

/** A tiny service: answers /health with 200 and logs its start. */
const serviceScript = join(tmpdir(), `ats-supervised-${process.pid}.mjs`);
writeFileSync(
  serviceScript,
  `import { createServer } from 'node:http';
const port = Number(process.argv[2]);
const delay = Number(process.argv[3] ?? 0);
setTimeout(() => createServer((request, response) => { response.writeHead(request.url === '/health' ? 200 : 404); response.end('ok'); })
  .listen(port, '127.0.0.1', () => console.log('listening ' + port)), delay);
process.on('SIGTERM', () => { console.log('stopping ' + port); process.exit(0); });
`,
);

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

  it('reports a restarted service up once it answers, without waiting for the next round of health checks', async () => {
    const port = await freePort();
    const history: ServiceStatus[] = [];
    supervisor = new ServiceSupervisor({
      services: [
        {
          name: 'only',
          command: [process.execPath, serviceScript, String(port)],
          url: `http://127.0.0.1:${port}`,
        },
      ],
      onStatus: (status) => history.push(status),
      // No round of checks comes during the test: only the restart's own probes can report it up.
      healthIntervalMilliseconds: 600_000,
      initialBackoffMilliseconds: 100,
    });
    await supervisor.start();
    const victim = supervisor.statuses()[0]?.pid as number;
    process.kill(victim, 'SIGKILL');
    await until(() => {
      const now = supervisor?.statuses()[0];
      return now?.state === 'up' && now.restarts === 1;
    });
    expect(supervisor.statuses()[0]?.pid).not.toBe(victim);
    expect(history.map((status) => status.state)).toEqual([
      'starting',
      'up',
      'down',
      'restarting',
      'starting',
      'up',
    ]);
  }, 30_000);

  it('starts a wave together and the next wave only once every service of the one before is healthy', async () => {
    const names = ['audit', 'security', 'executor', 'collector'];
    const waves = [0, 0, 1, 2];
    const ports = await Promise.all(names.map(() => freePort()));
    const history: ServiceStatus[] = [];
    supervisor = new ServiceSupervisor({
      services: names.map((name, index) => ({
        name,
        // Each takes 700 ms to listen: one after another would be four times that.
        command: [process.execPath, serviceScript, String(ports[index]), '700'],
        url: `http://127.0.0.1:${ports[index]}`,
        wave: waves[index] as number,
      })),
      onStatus: (status) => history.push(status),
    });
    await supervisor.start();
    const position = (name: string, state: string) =>
      history.findIndex((status) => status.name === name && status.state === state);
    // Both services of the first wave were launched before either answered.
    expect(position('security', 'starting')).toBeLessThan(position('audit', 'up'));
    expect(position('audit', 'starting')).toBeLessThan(position('security', 'up'));
    // The second wave started after both of the first were up, the third after the second.
    expect(position('executor', 'starting')).toBeGreaterThan(
      Math.max(position('audit', 'up'), position('security', 'up')),
    );
    expect(position('collector', 'starting')).toBeGreaterThan(position('executor', 'up'));
    expect(supervisor.statuses().every((status) => status.state === 'up')).toBe(true);
  }, 30_000);

  it('stops the started services and names the one that failed when a wave fails', async () => {
    const port = await freePort();
    const lines: string[] = [];
    supervisor = new ServiceSupervisor({
      services: [
        {
          name: 'healthy',
          command: [process.execPath, serviceScript, String(port)],
          url: `http://127.0.0.1:${port}`,
          wave: 0,
        },
        {
          name: 'broken',
          command: [process.execPath, '-e', 'process.exit(3)'],
          url: 'http://127.0.0.1:9',
          wave: 0,
        },
      ],
      onLine: (service, line) => lines.push(`${service}: ${line}`),
      startTimeoutMilliseconds: 5_000,
    });
    await expect(supervisor.start()).rejects.toThrow(/broken exited while starting/);
    expect(supervisor.statuses().every((status) => status.state === 'stopped')).toBe(true);
  });

  it('fails the start, naming the service, when it never turns healthy', async () => {
    supervisor = new ServiceSupervisor({
      services: [
        { name: 'broken', command: [process.execPath, '-e', 'process.exit(3)'], url: 'http://127.0.0.1:9' },
      ],
      startTimeoutMilliseconds: 5_000,
    });
    await expect(supervisor.start()).rejects.toThrow(/broken exited while starting/);
  });

  it('kills and restarts a service that stops answering for the whole fuse, but not one that stalls for less', async () => {
    const port = await freePort();
    const history: ServiceStatus[] = [];
    supervisor = new ServiceSupervisor({
      services: [
        {
          name: 'hung',
          command: [process.execPath, serviceScript, String(port)],
          url: `http://127.0.0.1:${port}`,
        },
      ],
      onStatus: (status) => history.push(status),
      healthIntervalMilliseconds: 200,
      healthTimeoutMilliseconds: 200,
      unhealthyChecksBeforeRestart: 5,
      initialBackoffMilliseconds: 100,
    });
    await supervisor.start();
    const first = supervisor.statuses()[0]?.pid as number;
    // A stall of about two checks: degraded, never restarted.
    process.kill(first, 'SIGSTOP');
    await until(() => history.some((status) => status.state === 'degraded'));
    process.kill(first, 'SIGCONT');
    await until(() => supervisor?.statuses()[0]?.state === 'up');
    expect(supervisor.statuses()[0]).toMatchObject({ pid: first, restarts: 0 });
    // Silent for good: killed after five failed checks and started again in a new process.
    process.kill(first, 'SIGSTOP');
    await until(() => {
      const now = supervisor?.statuses()[0];
      return now?.state === 'up' && now.restarts === 1;
    });
    expect(supervisor.statuses()[0]?.pid).not.toBe(first);
    const fuse = history.filter((status) => status.detail.endsWith('failed health checks'));
    expect(fuse.at(-1)?.detail).toBe('5 failed health checks');
  }, 30_000);
});
