// The fuzz's app must serve exactly the one-process node's routes, or a new route would escape the fuzz.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { startOneProcessNode } from '../node/one-process-node.js';
import { buildCombinedAppFixture } from './combined-app-fixture.js';

it('serves exactly the routes of the one-process node', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'ats-fixture-'));
  const config = loadConfig({
    directory: join(directory, 'no-config-files'),
    env: {},
    overrides: {
      database: { data_directory: join(directory, 'pglite') },
      backups: { directory: join(directory, 'backups') },
      status_interval_seconds: 0,
    },
  });
  const node = await startOneProcessNode({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    port: 0,
  });
  const fixture = await buildCombinedAppFixture();
  try {
    const routesOf = (text: string) => text.split('\n').sort();
    expect(routesOf(fixture.app.printRoutes({ commonPrefix: false }))).toEqual(
      routesOf(node.app.printRoutes({ commonPrefix: false })),
    );
    const recorded = fixture.routes.map((route) => `${route.method} ${route.url}`);
    for (const route of recorded)
      expect(
        fixture.app.hasRoute({ method: route.split(' ')[0] as 'GET', url: route.split(' ')[1] as string }),
      ).toBe(true);
    expect(new Set(recorded).size).toBe(recorded.length);
    expect(recorded.length).toBeGreaterThanOrEqual(40);
  } finally {
    await fixture.close();
    await node.stop();
  }
}, 120_000);
