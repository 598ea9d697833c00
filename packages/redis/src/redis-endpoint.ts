// Where Redis is: one server by URL, a primary found through Redis Sentinel (ioredis asks the
// sentinels for the current primary and follows a failover by itself), or a Redis Cluster (ioredis
// learns the slot map from any seed node and follows MOVED/ASK redirections).
import { AtsError } from '@ats/core';
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

export interface RedisSentinelEndpoint {
  /** The sentinels, each `host:port`; any one that answers names the primary. */
  readonly sentinels: readonly string[];
  /** The monitored primary's name in the sentinels' configuration (`sentinel monitor NAME ...`). */
  readonly primaryName: string;
  /** redis://[:password@]host/db: its password and database number are used; its host is not. */
  readonly url?: string;
}

export interface RedisClusterEndpoint {
  /** Seed nodes of the cluster, each `host:port`; any one that answers gives the whole slot map. */
  readonly clusterNodes: readonly string[];
  /** redis://[:password@]host: its user and password are used; a cluster has database 0 only. */
  readonly url?: string;
}

/** A URL (`redis://host:port/db`), a Sentinel-managed primary, or a Redis Cluster. */
export type RedisEndpoint = string | RedisSentinelEndpoint | RedisClusterEndpoint;

/** A client of any endpoint: one connection (`Redis`) or a cluster client (`Cluster`); same commands. */
export type RedisClient = Redis | Cluster;

function hostAndPort(text: string, what: string): { host: string; port: number } {
  const match = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || !(port >= 1 && port <= 65535))
    throw new AtsError('CONFIG_INVALID', `redis ${what} '${text}' is not host:port`);
  return { host: match[1] as string, port };
}

export function isSentinelEndpoint(endpoint: RedisEndpoint): endpoint is RedisSentinelEndpoint {
  return typeof endpoint !== 'string' && 'sentinels' in endpoint;
}

export function isClusterEndpoint(endpoint: RedisEndpoint): endpoint is RedisClusterEndpoint {
  return typeof endpoint !== 'string' && 'clusterNodes' in endpoint;
}

/**
 * A Redis Cluster client. The connection-level options go to every node's connection; those that
 * govern the client as a whole (offline queue, lazy connect, ready check, retry) go to the cluster.
 */
function connectCluster(endpoint: RedisClusterEndpoint, options: RedisOptions): Cluster {
  if (endpoint.clusterNodes.length === 0)
    throw new AtsError('CONFIG_INVALID', 'redis: cluster_endpoints needs at least one host:port');
  const url = endpoint.url ? new URL(endpoint.url) : null;
  const { lazyConnect, enableOfflineQueue, enableReadyCheck, retryStrategy, ...connection } = options;
  const clusterOptions: ClusterOptions = {
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(enableReadyCheck !== undefined ? { enableReadyCheck } : {}),
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) ?? null } : {}),
    redisOptions: {
      ...connection,
      ...(url?.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url?.username ? { username: decodeURIComponent(url.username) } : {}),
    },
  };
  return new Cluster(
    endpoint.clusterNodes.map((node) => hostAndPort(node, 'cluster node')),
    clusterOptions,
  );
}

/** Opens an ioredis client on the endpoint with the caller's options. */
export function connectRedis(endpoint: RedisEndpoint, options: RedisOptions = {}): RedisClient {
  if (typeof endpoint === 'string') return new Redis(endpoint, options);
  if (isClusterEndpoint(endpoint)) return connectCluster(endpoint, options);
  if (endpoint.sentinels.length === 0)
    throw new AtsError(
      'CONFIG_INVALID',
      'redis: sentinel_enabled needs at least one sentinel (redis.sentinels)',
    );
  const url = endpoint.url ? new URL(endpoint.url) : null;
  const database = url && url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return new Redis({
    ...options,
    sentinels: endpoint.sentinels.map((sentinel) => hostAndPort(sentinel, 'sentinel')),
    name: endpoint.primaryName,
    ...(url?.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url?.username ? { username: decodeURIComponent(url.username) } : {}),
    db: Number.isInteger(database) ? database : 0,
    // After a failover the old primary may answer as a replica for a moment: reconnect on READONLY and
    // send the refused command again (2), so a write such as a stream entry is not dropped with an error.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  });
}

/** The endpoint for messages: a URL without its password, or the sentinels and the primary's name. */
export function describeRedisEndpoint(endpoint: RedisEndpoint): string {
  if (isClusterEndpoint(endpoint)) return `the Redis Cluster of ${endpoint.clusterNodes.join(', ')}`;
  if (typeof endpoint !== 'string')
    return `the primary '${endpoint.primaryName}' of sentinels ${endpoint.sentinels.join(', ')}`;
  try {
    const parsed = new URL(endpoint);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
