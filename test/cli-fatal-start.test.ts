// A service of the multi-process mode that cannot bind its port exits non-zero, alone or under `ats start --distributed`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreshDatabase } from './support/fresh-database.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the fatal start test cannot run');

const main = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));

describe.runIf(enabled)('fatal start errors in multi-process mode', () => {
  let busy: Server;
  let port = 0;
  let securityPort = 0;
  let environment: Record<string, string> = {};
  let dropDatabase: () => Promise<void> = async () => {};
  // A database and a deployment name (the Redis prefix) of their own, so nothing else's state or messages are touched.
  let name = '';

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
    // A free port for the Security service, which starts first, so the spec's 8009 is never needed.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    securityPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const database = await createFreshDatabase(databaseUrl as string);
    dropDatabase = database.drop;
    name = database.name;
    // A service run alone needs the deployment's token secret (the supervisor hands one to its children).
    environment = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl as string,
      ATS_JWT_SECRET: 'cli-fatal-start-token-secret-0123456789',
    };
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    await dropDatabase();
  });

  const run = (args: string[], yaml: string) => {
    const folder = mkdtempSync(join(tmpdir(), 'ats-fatal-start-'));
    writeFileSync(
      join(folder, 'default.yaml'),
      `logging:\n  level: silent\ndeployment:\n  name: it-${name}\n${yaml}`,
    );
    return spawnSync(process.execPath, [main, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...environment, ATS_CONFIG_DIR: folder, ATS_SUPERVISED: '1' },
      // A start that fails but never exits is the bug; the timeout turns it into a failed assertion.
      timeout: 90_000,
    });
  };

  it('exits non-zero when a service cannot bind its port', () => {
    const result = run(['service', 'risk-manager'], `services:\n  risk_manager: ${port}\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('EADDRINUSE');
  });

  it('stops the distributed start and exits non-zero when a service cannot bind its port', () => {
    const result = run(
      ['start', '--distributed'],
      `services:\n  trade_executor: ${port}\n  security: ${securityPort}\n`,
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('EADDRINUSE');
    // The supervisor stops at the first service that does not come up, whichever way it notices.
    expect(result.stderr).toMatch(/^ats: trade-executor/m);
  }, 120_000);
});
