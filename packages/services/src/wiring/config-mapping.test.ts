// Tests of configuration to engine values: durations, database options, commissions, limits.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/config-schema.js';
import { commissionOf, databaseOptionsOf, durationMilliseconds, riskLimitsOf } from './config-mapping.js';

describe('config mapping', () => {
  it('reads durations', () => {
    expect(durationMilliseconds('500ms')).toBe(500);
    expect(durationMilliseconds('30s')).toBe(30_000);
    expect(durationMilliseconds('30d')).toBe(2_592_000_000);
    expect(durationMilliseconds(250)).toBe(250);
    expect(() => durationMilliseconds('soon')).toThrow(/not a duration/);
  });

  it('gives PGlite a folder and PostgreSQL its pool settings', () => {
    expect(databaseOptionsOf(configSchema.parse({}))).toEqual({ dataDirectory: '.ats-data/pglite' });
    const production = configSchema.parse({
      database: { host: 'db.internal', max_connections: 100, connection_timeout: '30s' },
    });
    expect(databaseOptionsOf(production)).toEqual({
      url: 'postgres://postgres@db.internal:5432/ats',
      maxConnections: 100,
      connectionTimeoutMilliseconds: 30_000,
    });
  });

  it('maps the commission model and the risk limits exactly', () => {
    const config = configSchema.parse({ risk_limits: { daily_loss_limit: '2500.50' } });
    expect(riskLimitsOf(config).dailyLossLimit.toString()).toBe('2500.5000');
    const commission = commissionOf(config);
    expect(
      commission.kind === 'per-share' && [commission.perShare.toString(), commission.minimum.toString()],
    ).toEqual(['0.0050', '1.0000']);
  });
});
