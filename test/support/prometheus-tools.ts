// Finds Debian's Prometheus and Alertmanager binaries (packages prometheus, prometheus-alertmanager), and
// copies deploy/prometheus and deploy/alertmanager to a temporary folder with stand-in secret files.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const deployFolder = fileURLToPath(new URL('../../deploy/', import.meta.url));

function found(name: string): string | null {
  for (const candidate of [`/usr/bin/${name}`, `/usr/local/bin/${name}`])
    if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  return null;
}

export interface PrometheusTools {
  readonly prometheus: string;
  readonly promtool: string;
  readonly alertmanager: string;
  readonly amtool: string;
}

/** All four binaries, or null when one is missing (under CI=true a missing one fails the caller). */
export function prometheusTools(): PrometheusTools | null {
  const prometheus = found('prometheus');
  const promtool = found('promtool');
  const alertmanager = found('prometheus-alertmanager');
  const amtool = found('amtool');
  if (prometheus && promtool && alertmanager && amtool) return { prometheus, promtool, alertmanager, amtool };
  if (process.env.CI === 'true')
    throw new Error(
      'CI=true but Prometheus tools are missing (apt-get install -y prometheus prometheus-alertmanager): the monitoring configuration cannot be checked',
    );
  return null;
}

/** A copy of the checked-in configuration, with each secret file the configuration names. */
export function configurationCopy(): { prometheus: string; alertmanager: string } {
  const root = mkdtempSync(join(tmpdir(), 'ats-prometheus-config-'));
  const prometheus = join(root, 'prometheus');
  const alertmanager = join(root, 'alertmanager');
  cpSync(join(deployFolder, 'prometheus'), prometheus, { recursive: true });
  cpSync(join(deployFolder, 'alertmanager'), alertmanager, { recursive: true });
  mkdirSync(join(prometheus, 'secrets'), { recursive: true });
  mkdirSync(join(alertmanager, 'secrets'), { recursive: true });
  writeFileSync(join(prometheus, 'secrets', 'prometheus-token'), 'stand-in-token', { mode: 0o600 });
  for (const [file, value] of [
    ['ats-notifications-token', 'Astand-in'],
    ['pagerduty-routing-key', 'stand-in-routing-key'],
    ['slack-webhook-url', 'http://127.0.0.1:9/hooks/stand-in'],
  ])
    writeFileSync(join(alertmanager, 'secrets', file as string), value as string, { mode: 0o600 });
  return { prometheus, alertmanager };
}
