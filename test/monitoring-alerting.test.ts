// End to end on loopback: Debian's Prometheus scrapes ATS service processes with the checked-in rules,
// Debian's Alertmanager routes with the checked-in tree; a SIGKILLed service fires AtsServiceDown, which
// reaches the notification service's Alertmanager webhook and an SMTP mailbox; its restart resolves it.
// Then every Grafana panel's query (deploy/grafana) is run against that Prometheus.
// Every `for:` of the copied rules is shortened to 2 s and the intervals to 1 s, so the test takes
// seconds, not minutes; the rules, routes and inhibition are otherwise the files in deploy/.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testCredentialEnvironment } from '@ats/services';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { assertRedisReachable, redisUrl } from './redis-availability.js';
import { freePort, waitFor } from './support/distributed-deployment.js';
import { createFreshDatabase, type FreshDatabase } from './support/fresh-database.js';
import { configurationCopy, prometheusTools } from './support/prometheus-tools.js';

const tools = prometheusTools();
const databaseUrl = process.env.DATABASE_URL;
const main = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));
const dashboardsFolder = fileURLToPath(new URL('../deploy/grafana/dashboards/', import.meta.url));
const prometheusToken = `e2e-prometheus-${randomBytes(8).toString('hex')}`;
const clientToken = `Ce2e-${randomBytes(8).toString('hex')}`;

const children: ChildProcess[] = [];
const output: string[] = [];
const mails: string[] = [];
let smtp: SMTPServer;
let fresh: FreshDatabase | null = null;
let environment: NodeJS.ProcessEnv;
let prometheusUrl = '';
const ports: Record<string, number> = {};

function startChild(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // The last output of each child, for the message of a start that never answers.
  const keep = (chunk: Buffer) => {
    output.push(`${args.slice(0, 3).join(' ')}: ${chunk.toString('utf8').slice(-500)}`);
    if (output.length > 40) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  children.push(child);
  return child;
}

const startService = (name: string) => startChild(process.execPath, [main, 'service', name], environment);

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

describe.skipIf(!tools || !databaseUrl || !redisUrl)('alerting end to end on loopback', () => {
  beforeAll(async () => {
    if (!tools || !databaseUrl || !redisUrl) return;
    await assertRedisReachable();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => {
          data += chunk.toString('utf8');
        });
        stream.on('end', () => {
          mails.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as { port: number }).port;

    fresh = await createFreshDatabase(databaseUrl);
    for (const service of ['backtesting', 'notifications', 'prometheus', 'alertmanager'])
      ports[service] = await freePort();
    const directory = mkdtempSync(join(tmpdir(), 'ats-alerting-'));
    writeFileSync(
      join(directory, 'default.yaml'),
      [
        'services:',
        `  backtesting: ${ports.backtesting}`,
        `  notifications: ${ports.notifications}`,
        'deployment:',
        `  name: it-${fresh.name}`,
        'logging:',
        '  level: warn',
        'notifications:',
        '  email:',
        '    host: 127.0.0.1',
        `    port: ${smtpPort}`,
        '    to: [oncall@example.test]',
        '  routes:',
        "    - { kinds: ['*'], min_severity: warning, channels: [email] }",
        '  retry: { attempts: 3, backoff: 100ms }',
        '',
      ].join('\n'),
    );
    environment = {
      ...process.env,
      ...testCredentialEnvironment,
      ATS_CONFIG_DIR: directory,
      DATABASE_URL: fresh.url,
      REDIS_URL: redisUrl,
      ATS_JWT_SECRET: randomBytes(32).toString('hex'),
      PROMETHEUS_TOKEN: prometheusToken,
      GOTIFY_TOKEN: clientToken,
    };
    // One after the other: the first migrates the new database.
    const notificationsUrl = `http://127.0.0.1:${ports.notifications}`;
    const started = async (name: string, url: string) => {
      startService(name);
      await waitFor(() => answers(`${url}/health`), Boolean, 180_000, name).catch((error: Error) => {
        throw new Error(`${error.message}\n${output.join('\n')}`);
      });
    };
    await started('notifications', notificationsUrl);
    await started('backtesting', `http://127.0.0.1:${ports.backtesting}`);

    // Alertmanager authenticates to the webhook with an application token made through Gotify's API.
    const created = await fetch(`${notificationsUrl}/application`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gotify-key': clientToken },
      body: JSON.stringify({ name: 'alertmanager' }),
    });
    const { token } = (await created.json()) as { token: string };

    const copy = configurationCopy();
    writeFileSync(join(copy.prometheus, 'secrets', 'prometheus-token'), prometheusToken, { mode: 0o600 });
    writeFileSync(join(copy.alertmanager, 'secrets', 'ats-notifications-token'), token, { mode: 0o600 });
    const prometheusConfig = parse(readFileSync(join(copy.prometheus, 'prometheus.yml'), 'utf8'));
    prometheusConfig.global.scrape_interval = '1s';
    prometheusConfig.global.evaluation_interval = '1s';
    prometheusConfig.alerting.alertmanagers[0].static_configs[0].targets = [
      `127.0.0.1:${ports.alertmanager}`,
    ];
    // Only the ATS job, with the two running services: the exporters are not part of this test.
    const atsJob = prometheusConfig.scrape_configs.find(
      (job: { job_name: string }) => job.job_name === 'ats',
    );
    atsJob.static_configs = [
      { targets: [`127.0.0.1:${ports.backtesting}`], labels: { service: 'backtesting' } },
      { targets: [`127.0.0.1:${ports.notifications}`], labels: { service: 'notifications' } },
    ];
    prometheusConfig.scrape_configs = [atsJob];
    writeFileSync(join(copy.prometheus, 'prometheus.yml'), stringify(prometheusConfig));
    for (const file of ['recording.yml', 'alerts.yml']) {
      const path = join(copy.prometheus, 'rules', file);
      writeFileSync(
        path,
        readFileSync(path, 'utf8')
          .replace(/for: \S+/g, 'for: 2s')
          .replace(/interval: \S+/g, 'interval: 1s'),
      );
    }
    // The checked-in routes and inhibition; every receiver is the notification service's webhook here
    // (PagerDuty, Slack and email receivers would reach beyond loopback).
    const alertmanagerConfig = parse(readFileSync(join(copy.alertmanager, 'alertmanager.yml'), 'utf8'));
    const timing = (route: Record<string, unknown>) => {
      if ('group_wait' in route) route.group_wait = '1s';
      if ('group_interval' in route) route.group_interval = '1s';
    };
    timing(alertmanagerConfig.route);
    for (const route of alertmanagerConfig.route.routes) timing(route);
    alertmanagerConfig.receivers = alertmanagerConfig.receivers.map((receiver: { name: string }) => ({
      name: receiver.name,
      webhook_configs: [
        {
          url: `${notificationsUrl}/alertmanager`,
          send_resolved: true,
          http_config: {
            authorization: { type: 'Bearer', credentials_file: 'secrets/ats-notifications-token' },
          },
        },
      ],
    }));
    writeFileSync(join(copy.alertmanager, 'alertmanager.yml'), stringify(alertmanagerConfig));

    startChild(tools.alertmanager, [
      `--config.file=${join(copy.alertmanager, 'alertmanager.yml')}`,
      `--storage.path=${mkdtempSync(join(tmpdir(), 'ats-alertmanager-data-'))}`,
      `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
      '--cluster.listen-address=',
    ]);
    startChild(tools.prometheus, [
      `--config.file=${join(copy.prometheus, 'prometheus.yml')}`,
      `--storage.tsdb.path=${mkdtempSync(join(tmpdir(), 'ats-prometheus-data-'))}`,
      `--web.listen-address=127.0.0.1:${ports.prometheus}`,
    ]);
    prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;
    await waitFor(() => answers(`${prometheusUrl}/-/ready`), Boolean, 60_000, 'Prometheus');
    await waitFor(
      () => answers(`http://127.0.0.1:${ports.alertmanager}/-/ready`),
      Boolean,
      60_000,
      'Alertmanager',
    );
  }, 300_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await fresh?.drop().catch(() => {});
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('scrapes every service, fires AtsServiceDown into the mailbox when one is killed, and resolves it on restart', async () => {
    const targets = async () => {
      const answer = (await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as {
        data: { activeTargets: { labels: { service: string }; health: string }[] };
      };
      return answer.data.activeTargets.map((target) => `${target.labels.service}:${target.health}`).sort();
    };
    await waitFor(
      targets,
      (list) => list.join(',') === 'backtesting:up,notifications:up',
      60_000,
      'both services scraped with the bearer token',
    );

    const victim = children[1] as ChildProcess; // notifications first, backtesting second
    victim.kill('SIGKILL');
    const firing = await waitFor(
      async () => mails.find((mail) => mail.includes('[FIRING] backtesting is down')),
      (mail) => mail !== undefined,
      90_000,
      'the firing alert in the mailbox',
    );
    expect(firing).toContain('Subject: [ATS CRITICAL] [FIRING] backtesting is down');

    startService('backtesting');
    const resolved = await waitFor(
      async () => mails.find((mail) => mail.includes('[RESOLVED] backtesting is down')),
      (mail) => mail !== undefined,
      120_000,
      'the resolution in the mailbox',
    );
    expect(resolved).toContain('state: resolved');
  }, 300_000);

  it("parses every Grafana panel's query, and each whose metrics the running services export returns series", async () => {
    const names = new Set(
      ((await (await fetch(`${prometheusUrl}/api/v1/label/__name__/values`)).json()) as { data: string[] })
        .data,
    );
    const panels = readdirSync(dashboardsFolder).flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(dashboardsFolder, file), 'utf8')) as {
        panels: { title: string; targets: { expr: string }[] }[];
      };
      return dashboard.panels.flatMap((panel) =>
        panel.targets.map((target) => ({ file, title: panel.title, expr: target.expr })),
      );
    });
    expect(panels.length).toBeGreaterThanOrEqual(25);
    const problems: string[] = [];
    let withSeries = 0;
    for (const panel of panels) {
      const answer = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(panel.expr)}`);
      const body = (await answer.json()) as { status: string; error?: string; data?: { result: unknown[] } };
      if (body.status !== 'success') {
        problems.push(`${panel.file} "${panel.title}": ${body.error}`);
        continue;
      }
      const referenced =
        panel.expr.match(/\b(?:ats_[a-z0-9_]+|node_[a-z0-9_]+|up)\b(?=\s*[{[)]|\s*$|\s*[/*+-])/g) ?? [];
      const exported = referenced.every((name) => names.has(name));
      if ((body.data?.result.length ?? 0) > 0) withSeries += 1;
      else if (exported && referenced.length > 0) problems.push(`${panel.file} "${panel.title}": no series`);
    }
    expect(problems).toEqual([]);
    expect(withSeries).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
