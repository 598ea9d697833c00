// The CI guard of the server suites (test/support/ci-servers.ts): under CI=true a missing or silent
// PostgreSQL or Redis fails the run instead of letting its suites skip.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import requireServersUnderCi from './support/ci-servers.js';

const saved = {
  CI: process.env.CI,
  DATABASE_URL: process.env.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL,
};
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('the CI guard of the PostgreSQL and Redis suites', () => {
  it('fails under CI=true when DATABASE_URL is unset, naming it', async () => {
    process.env.CI = 'true';
    delete process.env.DATABASE_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:6379';
    await expect(requireServersUnderCi()).rejects.toThrow(/CI=true but DATABASE_URL is not set/);
  });

  it('fails under CI=true when REDIS_URL points at a port nobody answers', async () => {
    const listener = createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    const open = typeof address === 'object' && address ? address.port : 0;
    process.env.CI = 'true';
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${open}/test`;
    process.env.REDIS_URL = `redis://127.0.0.1:${await closedPort()}`;
    try {
      await expect(requireServersUnderCi()).rejects.toThrow(
        /REDIS_URL=redis:\/\/127\.0\.0\.1:\d+ does not answer/,
      );
    } finally {
      listener.close();
    }
  });

  it('lets suites decide for themselves outside CI', async () => {
    delete process.env.CI;
    delete process.env.DATABASE_URL;
    delete process.env.REDIS_URL;
    await expect(requireServersUnderCi()).resolves.toBeUndefined();
  });
});
