// Turns validated configuration into engine values: instruments, risk limits, the commission model.
import { dirname, join } from 'node:path';
import { defineEquity, type Instrument, Money } from '@ats/core';
import type { CommissionModel, RiskLimits } from '@ats/engine';
import type { RedisEndpoint } from '@ats/redis';
import type { AtsConfig } from '../config/config-schema.js';
import { preTradeLimitsOfConfig } from './risk-check-limits-of.js';

export function instrumentsOf(config: AtsConfig): Instrument[] {
  return config.market.instruments.map((entry) =>
    defineEquity({
      symbol: entry.symbol,
      sector: entry.sector,
      tickSize: entry.tick_size,
      lotSize: entry.lot_size,
    }),
  );
}

export function riskLimitsOf(config: AtsConfig): RiskLimits {
  const limits = config.risk_limits;
  return {
    maxPositionSize: limits.max_position_size,
    maxSectorExposure: limits.max_sector_exposure,
    dailyLossLimit: Money.of(limits.daily_loss_limit, 'risk_limits.daily_loss_limit'),
    positionFraction: limits.position_fraction,
    allowShort: limits.allow_short,
    checks: preTradeLimitsOfConfig(config, durationMilliseconds),
    restrictedSymbols: limits.restricted_symbols,
  };
}

/** The risk limit on price age in milliseconds of market time. */
export function maxPriceAgeOf(config: AtsConfig): number {
  return durationMilliseconds(config.risk_limits.max_price_age);
}

export function commissionOf(config: AtsConfig): CommissionModel {
  return commissionModelOf(config.execution.commission);
}

/** A configured commission (the account's, or a routing venue's) as the engine's model. */
export function commissionModelOf(commission: AtsConfig['execution']['commission']): CommissionModel {
  switch (commission.kind) {
    case 'per-share':
      return {
        kind: 'per-share',
        perShare: Money.of(commission.per_share),
        minimum: Money.of(commission.minimum),
      };
    case 'basis-points':
      return {
        kind: 'basis-points',
        basisPoints: commission.basis_points,
        ...(commission.minimum ? { minimum: Money.of(commission.minimum) } : {}),
      };
    case 'fixed':
      return { kind: 'fixed', perOrder: Money.of(commission.per_order) };
  }
}

/** The database URL: DATABASE_URL, or one built from host/port/name/user; undefined for the embedded store. */
/**
 * Where Redis is: the cluster's seed nodes when cluster_endpoints is set, the sentinels and the
 * primary's name when sentinel_enabled (redis.url then only gives the password, and for Sentinel the
 * database number), else redis.url; undefined when none is configured.
 */
export function redisEndpointOf(config: AtsConfig): RedisEndpoint | undefined {
  const { redis } = config;
  if (redis.cluster_endpoints && redis.cluster_endpoints.length > 0)
    return { clusterNodes: redis.cluster_endpoints, ...(redis.url ? { url: redis.url } : {}) };
  if (redis.sentinel_enabled)
    return {
      sentinels: redis.sentinels,
      primaryName: redis.sentinel_master,
      ...(redis.url ? { url: redis.url } : {}),
    };
  return redis.url;
}

/** The read replica's connection options (no migrations: a hot standby refuses writes), or null. */
export function readReplicaOptionsOf(config: AtsConfig): {
  url: string;
  maxConnections: number;
  connectionTimeoutMilliseconds: number;
  skipMigrations: true;
} | null {
  const url = config.database.read_replica_url;
  if (!url) return null;
  return {
    url,
    maxConnections: config.database.max_connections,
    connectionTimeoutMilliseconds: durationMilliseconds(config.database.connection_timeout),
    skipMigrations: true,
  };
}

export function databaseUrlOf(config: AtsConfig): string | undefined {
  if (config.database.url) return config.database.url;
  if (!config.database.host) return undefined;
  const { user, host, port, name } = config.database;
  return `postgres://${encodeURIComponent(user)}@${host}:${port}/${encodeURIComponent(name)}`;
}

/** A configuration duration ("500ms", "30s", "5m", "2h", "30d", or milliseconds) in milliseconds. */
export function durationMilliseconds(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new RangeError(`'${value}' is not a duration`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    match[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(match[1]) * unit;
}

/** What `openDatabase` needs from the configuration (PostgreSQL pool size and timeout, or PGlite's folder). */
export function databaseOptionsOf(
  config: AtsConfig,
):
  | { url: string; maxConnections: number; connectionTimeoutMilliseconds: number }
  | { dataDirectory: string } {
  const url = databaseUrlOf(config);
  if (!url) return { dataDirectory: config.database.data_directory };
  return {
    url,
    maxConnections: config.database.max_connections,
    connectionTimeoutMilliseconds: durationMilliseconds(config.database.connection_timeout),
  };
}

/**
 * Where backups go: `backups.directory`, else `backups` beside the embedded store's folder, i.e. under
 * the data directory (ATS_DATA_DIR) rather than wherever the process happened to be started.
 */
export function backupDirectoryOf(config: AtsConfig): string {
  return config.backups.directory ?? join(dirname(config.database.data_directory), 'backups');
}
