// Vitest configuration: resolves @ats/* workspace packages to their TypeScript sources.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Every workspace package's name maps to its src/index.ts, so tests never need a prior build.
function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const folder of ['packages', 'apps']) {
    if (!existsSync(`${root}${folder}`)) continue;
    for (const name of readdirSync(`${root}${folder}`)) {
      const entry = `${root}${folder}/${name}/src/index.ts`;
      if (existsSync(entry)) aliases[`@ats/${name}`] = entry;
    }
  }
  // Broker and data adapters: packages/adapters/<name> is published as @ats/adapter-<name>.
  const adapters = `${root}packages/adapters`;
  if (existsSync(adapters)) {
    for (const name of readdirSync(adapters)) {
      const entry = `${adapters}/${name}/src/index.ts`;
      if (existsSync(entry)) aliases[`@ats/adapter-${name}`] = entry;
    }
  }
  return aliases;
}

/**
 * Run last, alone: it times how fast killed services come back (the spec's failover, under 30 s), and
 * beside another test file on two cores it timed that file's load too (a restart once took 32.6 s in a
 * CI run whose suite ran 1.8 times slower than usual, against 2.4-6.3 s in the others).
 */
const faultHarness = ['test/fault-harness.test.ts'];

export default defineConfig({
  resolve: { alias: workspaceAliases() },
  // TypeScript's CommonJS files too (.cts: the ats entry and its bundle loader), not only .ts and .mts.
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  test: {
    // Test files run in parallel processes; PGlite start-up is CPU-bound, so two workers suit two cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Under CI=true a missing or unreachable PostgreSQL or Redis fails the run rather than skipping suites.
    globalSetup: ['test/support/ci-servers.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/adapters/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'test/*.test.ts',
            'bench/src/**/*.test.ts',
          ],
          exclude: [...faultHarness],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'fault harness', include: [...faultHarness], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
