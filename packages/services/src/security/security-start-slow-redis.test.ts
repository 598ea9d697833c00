// The Security service's first load from Redis survives a Redis that does not answer for a while at
// start (its commands give up after 500 ms): the start waits and succeeds once Redis answers again.
import { type ChildProcess, spawn } from 'node:child_process';
import { InProcessMessageBus } from '@ats/engine';
import { openTestDatabase } from '@ats/persistence';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { freePort } from '../node/free-port.js';
import { buildServiceSecurity } from './service-security.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

async function redisOnItsOwnPort(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (String(chunk).includes('Ready to accept connections')) resolve();
    });
  });
  return { child, url: `redis://127.0.0.1:${port}` };
}

describe('the Security service starting against a Redis that is slow to answer', () => {
  it('retries its first load past the 500 ms command timeout and starts once Redis answers', async () => {
    const redis = await redisOnItsOwnPort();
    const { database } = await openTestDatabase('pglite');
    const config = loadConfig({
      directory: '/nonexistent-config-folder',
      env: {},
      overrides: {
        redis: { url: redis.url },
        secrets: { jwt_secret: 'a-test-secret-of-more-than-32-characters!' },
      },
    });
    const errors: unknown[] = [];
    const security = buildServiceSecurity({
      config,
      database,
      bus: new InProcessMessageBus(),
      mode: 'multi-process',
      onError: (error) => errors.push(error),
    });
    try {
      // Redis frozen for 1.5 s: three command timeouts' worth, where one used to fail the start.
      redis.child.kill('SIGSTOP');
      const started = security.start();
      setTimeout(() => redis.child.kill('SIGCONT'), 1_500);
      await expect(started).resolves.toBeUndefined();
    } finally {
      redis.child.kill('SIGCONT');
      await security.stop();
      await database.close();
    }
  }, 60_000);
});
