// Tests of configuration loading: defaults, the spec's production file, environment variables, clear errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const repositoryConfig = fileURLToPath(new URL('../../../../config', import.meta.url));

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'ats-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

describe('loadConfig', () => {
  it('runs on embedded defaults with no file at all', () => {
    const config = loadConfig({ directory: folderWith({}), env: {} });
    expect(config.risk_limits.max_position_size).toBe(0.1);
    expect(config.risk_limits.daily_loss_limit).toBe('10000.00');
    expect(config.database.url).toBeUndefined();
    expect(config.services.trade_executor).toBe(9104);
    expect(config.strategies[0]?.kind).toBe('sma-cross');
  });

  it('reads the repository files, including the spec production block', () => {
    const development = loadConfig({ directory: repositoryConfig, env: {} });
    expect(development.market.speed).toBe(120);
    const production = loadConfig({ directory: repositoryConfig, environment: 'production', env: {} });
    expect(production.database.max_connections).toBe(100);
    expect(production.database.connection_timeout).toBe('30s');
    expect(production.redis.sentinels).toHaveLength(3);
    expect(production.redis.sentinel_enabled).toBe(true);
    expect(production.monitoring.alert_thresholds.response_time_p95).toBe('500ms');
  });

  it('takes the spec environment variables', () => {
    const config = loadConfig({
      directory: folderWith({}),
      env: {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        REDIS_URL: 'redis://127.0.0.1:6379',
        API_SECRET_KEY: 'k',
        BROKER_API_KEY: 'b',
        GOTIFY_TOKEN: 'g',
        PROMETHEUS_TOKEN: 'p',
      },
    });
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.secrets).toEqual({
      api_secret_key: 'k',
      broker_api_key: 'b',
      gotify_token: 'g',
      prometheus_token: 'p',
    });
  });

  it('stops on an unknown key, naming it', () => {
    const directory = folderWith({ 'default.yaml': 'risk_limits:\n  max_postion_size: 0.2\n' });
    expect(() => loadConfig({ directory, env: {} })).toThrow(/unknown key risk_limits\.max_postion_size/);
  });

  it('stops on a bad value, naming the key, the value and what is allowed', () => {
    const directory = folderWith({ 'default.yaml': 'risk_limits:\n  max_position_size: 1.5\n' });
    expect(() => loadConfig({ directory, env: {} })).toThrow(
      /risk_limits\.max_position_size = 1\.5: .*(<=|1)/,
    );
    const badDuration = folderWith({ 'default.yaml': 'database:\n  connection_timeout: soon\n' });
    expect(() => loadConfig({ directory: badDuration, env: {} })).toThrow(
      /database\.connection_timeout = "soon": .*duration/,
    );
    const badMoney = folderWith({ 'default.yaml': 'risk_limits:\n  daily_loss_limit: lots\n' });
    expect(() => loadConfig({ directory: badMoney, env: {} })).toThrow(
      /daily_loss_limit = "lots": must be a decimal/,
    );
  });

  it('reports YAML syntax errors with the file', () => {
    const directory = folderWith({ 'default.yaml': 'risk_limits: [\n' });
    expect(() => loadConfig({ directory, env: {} })).toThrow(/default\.yaml: not valid YAML/);
  });
});
