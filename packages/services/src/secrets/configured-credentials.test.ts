// A live venue's broker credentials come from the environment, else from the encrypted store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { credentialStoreOf, withStoredBrokerCredentials } from './configured-credentials.js';

const directory = mkdtempSync(join(tmpdir(), 'ats-credentials-config-'));
const configWith = (env: Record<string, string>) =>
  loadConfig({ directory, environment: 'default', env, overrides: { execution: { venue: 'alpaca' } } });

describe('broker credentials of a venue', () => {
  it('fills them from the encrypted store when the environment has none, and lets the environment win', async () => {
    const test = await openTestDatabase('pglite');
    try {
      const config = configWith({ API_SECRET_KEY: 'a-long-enough-api-secret-key' });
      const store = credentialStoreOf(config, test.database);
      await store.put('alpaca', 'api_key', 'PKSTORED');
      await store.put('alpaca', 'api_secret', 'stored-secret');
      const filled = await withStoredBrokerCredentials(config, test.database);
      expect(filled.secrets).toMatchObject({
        broker_api_key: 'PKSTORED',
        broker_api_secret: 'stored-secret',
      });
      const fromEnvironment = await withStoredBrokerCredentials(
        configWith({
          API_SECRET_KEY: 'a-long-enough-api-secret-key',
          BROKER_API_KEY: 'PKENV',
          BROKER_API_SECRET: 'env',
        }),
        test.database,
      );
      expect(fromEnvironment.secrets).toMatchObject({ broker_api_key: 'PKENV', broker_api_secret: 'env' });
    } finally {
      await test.dispose();
    }
  });
});
