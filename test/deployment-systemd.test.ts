// deploy/systemd against the code: each unit's ExecStart is a command the CLI has, with options it
// accepts; the per-service template names every service `ats service` runs and the gateway; the
// templates of the services partitioned by symbol run a numbered instance on the supervisor's port.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instancePort, loadConfig, runnableServices, serviceInstancesOf } from '@ats/services';
import { describe, expect, it } from 'vitest';

const systemd = fileURLToPath(new URL('../deploy/systemd/', import.meta.url));
const cli = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));
const units = readdirSync(systemd).filter((file) => file.endsWith('.service'));

/** The words of ExecStart after the CLI's entry point, and the comment lines before [Unit]. */
function unitOf(file: string): { readonly words: string[]; readonly comment: string } {
  const text = readFileSync(`${systemd}${file}`, 'utf8');
  const execStart = text.match(/^ExecStart=(.*)$/m)?.[1] ?? '';
  const words = execStart.split(/\s+/);
  return {
    words: words.slice(words.findIndex((word) => word.endsWith('apps/cli/dist/main.cjs')) + 1),
    comment: text.slice(0, text.indexOf('[Unit]')),
  };
}

/** The CLI's help of a command: `Usage: ats <command> ...` and its options. */
function helpOf(command: string[]): string {
  return execFileSync(process.execPath, [cli, ...command, '--help'], { encoding: 'utf8' });
}

describe('deploy/systemd', () => {
  it('has the supervisor, the per-service, the partitioned-instance and the backtest worker units', () => {
    expect(units.sort()).toEqual([
      'ats-backtest-worker@.service',
      'ats-data-collector@.service',
      'ats-service@.service',
      'ats-strategy-engine@.service',
      'ats.service',
    ]);
  });

  it('starts in each unit a command the CLI has, with options it accepts', () => {
    for (const file of units) {
      const { words } = unitOf(file);
      const command = words.filter((word) => !word.startsWith('-') && !word.includes('%'));
      const help = helpOf(command.slice(0, 1));
      expect(help, file).toContain(`Usage: ats ${command[0]}`);
      for (const option of words.filter((word) => word.startsWith('--')))
        expect(help, `${file}: ${option}`).toContain(option);
    }
    expect(unitOf('ats-backtest-worker@.service').words).toEqual(['backtest-worker', '--name', '%H-%i']);
    expect(unitOf('ats-service@.service').words).toEqual(['service', '%i']);
    expect(unitOf('ats.service').words).toEqual(['start', '--distributed']);
    expect(unitOf('ats-strategy-engine@.service').words).toEqual([
      'service',
      'strategy-engine',
      '--instance',
      '%i',
    ]);
    expect(unitOf('ats-data-collector@.service').words).toEqual([
      'service',
      'data-collector',
      '--instance',
      '%i',
    ]);
  });

  it('runs instance k of a partitioned service where the supervisor runs it, and says so in the unit', () => {
    const config = loadConfig({
      directory: mkdtempSync(join(tmpdir(), 'ats-systemd-')),
      env: {},
      overrides: {
        strategy_engine: { partition_by_symbol: true, instances: 3 },
        data_collector: { partition_by_symbol: true, instances: 3 },
      },
    });
    for (const { service, instance, port } of serviceInstancesOf(config)) {
      if (instance === undefined) continue;
      expect(instancePort(config, service, instance), `${service} ${instance}`).toBe(port);
      const { comment } = unitOf(`ats-${service}@.service`);
      const first = serviceInstancesOf(config).find((entry) => entry.name === service)?.port;
      expect(comment).toContain(`instance k listens on ${first} + 100 × (k − 1)`);
      expect(comment).toContain(`${service.replace('-', '_')}.partition_by_symbol: true`);
    }
  });

  it('lists every service `ats service` runs, and the gateway, as instances of ats-service@', () => {
    const { comment } = unitOf('ats-service@.service');
    for (const name of [...runnableServices, 'gateway'])
      expect(comment, name).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
