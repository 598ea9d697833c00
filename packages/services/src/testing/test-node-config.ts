// The configuration of a one-process node in a test: no configuration files, the test key accepted
// with no rate limits, PGlite and backups in the test's own folder, no status line; the test's own
// settings (market, strategies, account, venue) on top.
import { join } from 'node:path';
import type { AtsConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { testSecurityOverrides } from '../security/test-credentials.js';

export function testNodeConfig(
  directory: string,
  settings: Readonly<Record<string, unknown>> = {},
  env: Readonly<Record<string, string>> = {},
): AtsConfig {
  return loadConfig({
    directory: join(directory, 'no-config-files'),
    env,
    overrides: {
      ...testSecurityOverrides,
      database: { data_directory: join(directory, 'pglite') },
      backups: { directory: join(directory, 'backups') },
      status_interval_seconds: 0,
      ...settings,
    },
  });
}
