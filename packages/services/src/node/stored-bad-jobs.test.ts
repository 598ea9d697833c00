// A node whose store holds jobs that cannot be scheduled starts anyway: those jobs are disabled, the API answers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openDatabase, SqlJobRepository } from '@ats/persistence';
import { expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { testAdminHeaders } from '../security/test-credentials.js';
import { testNodeConfig } from '../testing/test-node-config.js';
import { startOneProcessNode } from './one-process-node.js';

it('disables stored jobs that would crash or brick the node, and keeps serving', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'ats-bad-jobs-'));
  const config = testNodeConfig(directory);
  // Rows as an older version's API saved them.
  const database = await openDatabase({ dataDirectory: config.database.data_directory });
  const jobs = new SqlJobRepository(database);
  const bad = { options: {}, paused: false, priority: 0 };
  await jobs.saveJob({
    id: 'huge',
    kind: 'session-close',
    trigger: { type: 'interval', everyMilliseconds: 1e308 },
    ...bad,
  });
  await jobs.saveJob({
    id: 'never',
    kind: 'session-close',
    trigger: { type: 'cron', expression: '0 0 30 2 *' },
    ...bad,
  });
  await jobs.saveJob({
    id: 'wipe',
    kind: 'database-backup',
    trigger: { type: 'session', at: 'close' },
    ...bad,
    options: { retention: 0 },
  });
  await jobs.saveJob({
    id: 'fine',
    kind: 'session-close',
    trigger: { type: 'session', at: 'close' },
    ...bad,
  });
  await database.close();

  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'error', service: 'test', destination });
  const node = await startOneProcessNode({ config, logger, port: 0 });
  try {
    for (const id of ['huge', 'never', 'wipe'])
      expect(logLines.some((line) => line.includes(`scheduled job '${id}' disabled`))).toBe(true);
    const listed = (
      await node.app.inject({ headers: testAdminHeaders, method: 'GET', url: '/api/scheduler/jobs' })
    ).json() as {
      id: string;
      paused: boolean;
      disabledReason?: string;
    }[];
    const disabled = listed
      .filter((job) => job.disabledReason !== undefined)
      .map((job) => job.id)
      .sort();
    expect(disabled).toEqual(['huge', 'never', 'wipe']);
    expect(listed.find((job) => job.id === 'fine')).toMatchObject({ paused: false });
    expect(listed.find((job) => job.id === 'never')?.paused).toBe(true);
    expect(
      (await node.app.inject({ headers: testAdminHeaders, method: 'GET', url: '/health' })).statusCode,
    ).toBeLessThan(500);
    const create = await node.app.inject({
      headers: testAdminHeaders,
      method: 'POST',
      url: '/api/scheduler/jobs',
      payload: { id: 'later', kind: 'session-open', trigger: { type: 'session', at: 'open' } },
    });
    expect(create.statusCode).toBe(201);
    const trigger = await node.app.inject({
      headers: testAdminHeaders,
      method: 'POST',
      url: '/api/scheduler/jobs/never/trigger',
    });
    expect(trigger.statusCode).toBe(409);
  } finally {
    await node.stop();
  }
});
