// deploy/docker-compose.yml against the code: `docker-compose config` accepts it, every ATS service is
// there on its port from the configuration schema with a health check, resource limits and only
// environment variables the code reads; the ATS gateway, the backtest workers and nginx in front match
// the CLI, the configuration and the nginx renderer; the infrastructure and the spec's networks are there;
// the services partitioned by symbol run as many containers as the container configuration's instances.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  configSchema,
  distributedServices,
  loadConfig,
  runnableServices,
  secretVariables,
  serviceInstancesOf,
} from '@ats/services';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const deploy = fileURLToPath(new URL('../deploy/', import.meta.url));
const cli = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));
/** The Compose client: `docker-compose` (v1 or the v2 standalone), else the `docker compose` plugin. */
const client = [['docker-compose'], ['docker', 'compose']].find(
  ([command, ...rest]) =>
    spawnSync(command as string, [...rest, 'version'], { encoding: 'utf8' }).status === 0,
);
const available = client !== undefined;
if (!available && process.env.CI === 'true')
  throw new Error('CI=true but docker-compose is not installed (.ci/run installs it)');

interface ComposeService {
  readonly command?: string[];
  readonly container_name?: string;
  readonly volumes?: ({ source: string; target: string } | string)[];
  readonly expose?: string[];
  readonly ports?: unknown[];
  readonly environment?: Record<string, string>;
  readonly secrets?: ({ source: string } | string)[];
  readonly networks?: Record<string, unknown> | string[];
  readonly healthcheck?: { test: string[] };
  readonly deploy?: {
    replicas?: number;
    resources?: { limits?: { memory?: string; cpus?: number | string } };
  };
  readonly depends_on?: Record<string, { condition: string }>;
}

function composeConfig(): {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean }>;
} {
  const [command, ...rest] = client as string[];
  const result = spawnSync(command as string, [...rest, '-f', `${deploy}docker-compose.yml`, 'config'], {
    encoding: 'utf8',
    cwd: deploy,
  });
  if (result.status !== 0) throw new Error(`${client?.join(' ')} config failed: ${result.stderr}`);
  return parse(result.stdout);
}

const networksOf = (service: ComposeService) =>
  Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});

/** The spec's support services that other work adds (`ats service monitoring`, `notifications`). */
const supportServices = { monitoring: 8008, notifications: 8080 } as const;

describe.runIf(available)('deploy/docker-compose.yml', () => {
  const compose = available ? composeConfig() : { services: {}, networks: {} };
  const ports = configSchema.parse({}).services;

  it('runs every ATS service with its command and its port from the configuration schema', () => {
    for (const name of distributedServices) {
      const service = compose.services[name];
      expect(service, name).toBeDefined();
      const port = ports[name.replace('-', '_') as keyof typeof ports];
      expect(service?.command?.slice(0, 2)).toEqual(['service', name]);
      expect(service?.expose).toEqual([String(port)]);
      expect(service?.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health`);
    }
    for (const [name, port] of Object.entries(supportServices)) {
      expect(compose.services[name]?.expose).toEqual([String(port)]);
      expect(compose.services[name]?.healthcheck?.test.join(' ')).toContain(`:${port}/health`);
    }
  });

  it('runs the instances of the services partitioned by symbol that the container configuration asks for, each as `ats start --distributed` runs it', () => {
    const config = loadConfig({ directory: `${deploy}config`, environment: 'docker', env: {} });
    const plan = serviceInstancesOf(config);
    // deploy/config/docker.yaml runs two of each: the scaling past one machine the compose file shows.
    expect(plan.filter((entry) => entry.service === 'strategy-engine')).toHaveLength(2);
    expect(plan.filter((entry) => entry.service === 'data-collector')).toHaveLength(2);
    for (const { name, service, instance, port } of plan) {
      const container = compose.services[name];
      expect(container, name).toBeDefined();
      expect(container?.command, name).toEqual([
        'service',
        service,
        ...(instance ? ['--instance', instance, '--port', String(port)] : []),
      ]);
      expect(container?.expose, name).toEqual([String(port)]);
      expect(container?.healthcheck?.test.join(' '), name).toContain(`http://127.0.0.1:${port}/health`);
      // Every instance of a service starts in its wave: after the same services as the first.
      expect(Object.keys(container?.depends_on ?? {}).sort(), name).toEqual(
        Object.keys(compose.services[service]?.depends_on ?? {}).sort(),
      );
      // The gateway waits for every instance, as the supervisor's waves do.
      expect(compose.services.gateway?.depends_on?.[name]?.condition, name).toBe('service_healthy');
    }
    // No compose container of a partitioned service beyond the configured instances.
    const partitionedContainers = Object.keys(compose.services).filter((name) =>
      /^(strategy-engine|data-collector)(-\d+)?$/.test(name),
    );
    expect(partitionedContainers.sort()).toEqual(
      plan
        .filter((entry) => entry.instance !== undefined)
        .map((entry) => entry.name)
        .sort(),
    );
    // Each instance's variables are the service's (the configuration is shared; the name is in the command).
    for (const { name, service } of plan)
      expect(compose.services[name]?.environment, name).toEqual(compose.services[service]?.environment);
  });

  it('gives ATS services only variables the code reads, each *_FILE with its secret mounted', () => {
    const known = new Set(['DATABASE_URL', 'REDIS_URL', ...Object.values(secretVariables)]);
    for (const name of [
      ...distributedServices,
      ...Object.keys(supportServices),
      'gateway',
      'backtest-worker',
    ]) {
      const service = compose.services[name] as ComposeService;
      const mounted = new Set(
        (service.secrets ?? []).map((secret) => (typeof secret === 'string' ? secret : secret.source)),
      );
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (variable === 'ATS_ENV' || variable === 'ATS_CONFIG_DIR') continue;
        expect(known, `${name}: ${variable}`).toContain(variable.replace(/_FILE$/, ''));
        if (variable.endsWith('_FILE'))
          expect(mounted, `${name}: ${value}`).toContain(value.replace('/run/secrets/', ''));
      }
    }
  });

  it('loads the container configuration (deploy/config/docker.yaml) through the schema: all interfaces, Sentinel, each service reached by its compose name', () => {
    const config = loadConfig({ directory: `${deploy}config`, environment: 'docker', env: {} });
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.redis.sentinel_enabled).toBe(true);
    expect(config.redis.sentinels).toEqual([
      'redis-sentinel-1:26379',
      'redis-sentinel-2:26379',
      'redis-sentinel-3:26379',
    ]);
    for (const sentinel of config.redis.sentinels)
      expect(compose.services[sentinel.split(':')[0] as string]).toBeDefined();
    // The gateway and the Scheduler reach each service by its compose name, not by 0.0.0.0 (itself).
    for (const name of [...distributedServices, ...Object.keys(supportServices)]) {
      const key = name.replace('-', '_') as keyof typeof config.service_hosts;
      expect(config.service_hosts[key], name).toBe(name);
      expect(compose.services[name], name).toBeDefined();
    }
  });

  it('has the infrastructure, health checks and memory limits on every service, and the spec networks', () => {
    for (const name of [
      'postgres',
      'postgres-replica',
      'redis-primary',
      'redis-replica',
      'redis-sentinel-1',
      'redis-sentinel-2',
      'redis-sentinel-3',
      'prometheus',
      'alertmanager',
      'grafana',
      'elasticsearch',
      'gateway',
      'backtest-worker',
      'nginx',
    ])
      expect(compose.services[name], name).toBeDefined();
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.healthcheck, name).toBeDefined();
      expect(service.deploy?.resources?.limits?.memory, name).toBeDefined();
      // Only nginx is published; everything else is reached inside the networks.
      if (name !== 'nginx') expect(service.ports, name).toBeUndefined();
    }
    expect(compose.networks.data?.internal).toBe(true);
    for (const store of ['postgres', 'postgres-replica', 'redis-primary', 'redis-replica', 'elasticsearch'])
      expect(networksOf(compose.services[store] as ComposeService)).toEqual(['data']);
    expect(networksOf(compose.services.nginx as ComposeService).sort()).toEqual(['application', 'dmz']);
    // The Data Collector (the feed) starts after the services that consume it, as in the supervisor.
    expect(Object.keys(compose.services['data-collector']?.depends_on ?? {})).toEqual(
      expect.arrayContaining(['trade-executor', 'risk-manager', 'strategy-engine', 'audit']),
    );
  });

  it('runs the ATS gateway (`ats service gateway`) on http.port, after every service it forwards to', () => {
    const gateway = compose.services.gateway as ComposeService;
    const port = configSchema.parse({}).http.port;
    expect(gateway.command).toEqual(['service', 'gateway']);
    expect(gateway.expose).toEqual([String(port)]);
    expect(gateway.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health`);
    // The same configuration as the services (it checks their credentials on the live stream).
    expect(gateway.environment?.ATS_ENV).toBe('docker');
    // It reads the bus and the database, and the services it forwards to are on the application network.
    expect(networksOf(gateway).sort()).toEqual(['application', 'data']);
    for (const name of runnableServices)
      expect(gateway.depends_on?.[name]?.condition, `gateway after ${name}`).toBe('service_healthy');
    // The image has the page it serves: the dashboard's bundle is built in the build stage, before the
    // development dependencies (Vite) are pruned. (The image itself is not built here: no Docker daemon.)
    const dockerfile = readFileSync(fileURLToPath(new URL('../Dockerfile', import.meta.url)), 'utf8');
    const build = dockerfile.indexOf('npm run build -w @ats/dashboard');
    expect(build).toBeGreaterThan(dockerfile.indexOf('npm install'));
    expect(build).toBeLessThan(dockerfile.indexOf('npm prune --omit=dev'));
  });

  it('runs scalable backtest workers (`ats backtest-worker`) with backtesting.distributed enabled for them and the Backtesting service', () => {
    const worker = compose.services['backtest-worker'] as ComposeService;
    expect(worker.command).toEqual(['backtest-worker']);
    // The CLI has the command the container runs (for an unknown one, --help prints the main help).
    const help = execFileSync(process.execPath, [cli, ...(worker.command ?? []), '--help'], {
      encoding: 'utf8',
    });
    expect(help).toContain(`Usage: ats ${worker.command?.join(' ')} [options]`);
    expect(help).toContain('--concurrency');
    // Scalable: more than one replica, and nothing that two containers of it could not share.
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    expect(worker.expose).toBeUndefined();
    // It and the Backtesting service read the same configuration, which turns the queue on.
    const environment = worker.environment?.ATS_ENV as string;
    expect(compose.services.backtesting?.environment?.ATS_ENV).toBe(environment);
    const config = loadConfig({ directory: `${deploy}config`, environment, env: {} });
    expect(config.backtesting.distributed.enabled).toBe(true);
    expect(Object.keys(worker.depends_on ?? {})).toEqual(
      expect.arrayContaining(['postgres', 'redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3']),
    );
  });

  it("renders nginx's configuration as the compose file says: the dashboard to the gateway, /api/<service>/ to each service", () => {
    // The render command is written in the compose file's comment above nginx; run it as written.
    const text = readFileSync(`${deploy}docker-compose.yml`, 'utf8');
    const start = text.indexOf('#   node deploy/nginx/render-config.mjs');
    expect(start).toBeGreaterThan(0);
    const lines: string[] = [];
    for (const line of text.slice(start).split('\n')) {
      lines.push(line.replace(/^\s*#/, '').replace(/\\$/, ''));
      if (!line.trimEnd().endsWith('\\')) break;
    }
    const words = lines.join(' ').trim().split(/\s+/).slice(2);
    const out = words[words.indexOf('--out') + 1] as string;
    words.splice(words.indexOf('--out'), 2);
    const rendered = execFileSync(process.execPath, [`${deploy}nginx/render-config.mjs`, ...words], {
      encoding: 'utf8',
    });
    const serversOf = (upstream: string) =>
      [
        ...(rendered.match(new RegExp(`upstream ${upstream} \\{([^}]*)\\}`))?.[1] ?? '').matchAll(
          /server (\S+)/g,
        ),
      ].map((match) => match[1]);
    const gatewayPort = compose.services.gateway?.expose?.[0];
    expect(serversOf('ats_dashboard')).toEqual([`gateway:${gatewayPort}`]);
    for (const name of runnableServices)
      expect(serversOf(`ats_${name.replace('-', '_')}`), name).toEqual([
        `${name}:${compose.services[name]?.expose?.[0]}`,
      ]);
    for (const location of [
      'location = / ',
      'location /assets/ ',
      'location = /health ',
      'location /api/live/ ',
    ])
      expect(rendered).toContain(location);
    // nginx mounts what the command writes: the configuration and ats-proxy.conf in the renderer's prefix.
    const prefix = rendered.match(/^pid (\S+)\/nginx\.pid;/m)?.[1];
    const mounts = (compose.services.nginx?.volumes ?? []).map((volume) =>
      typeof volume === 'string' ? volume.replace(/:ro$/, '') : `${volume.source}:${volume.target}`,
    );
    const outFolder = out.replace(/^deploy\//, '').replace(/nginx\.conf$/, '');
    expect(mounts).toEqual(
      expect.arrayContaining([
        `${deploy}${outFolder}nginx.conf:/etc/nginx/nginx.conf`,
        `${deploy}${outFolder}ats-proxy.conf:${prefix}/ats-proxy.conf`,
      ]),
    );
    expect(compose.services.nginx?.depends_on?.gateway?.condition).toBe('service_healthy');
  });
});
