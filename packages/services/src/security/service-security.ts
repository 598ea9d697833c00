// Wires request security for one process: the access-token secret, the credential cache fed by the
// store and by security events, the revocation and rate-limit stores (PostgreSQL and memory in one
// process, Redis across processes).
import { hkdfSync, randomBytes } from 'node:crypto';
import {
  AtsError,
  type MessageBus,
  retryWithBackoff,
  type SecurityEventRecorded,
  type Subscription,
  topics,
} from '@ats/core';
import { type Database, SqlSecurityStore } from '@ats/persistence';
import { RedisSecurityStores, redisKeyPrefix } from '@ats/redis';
import type { AtsConfig } from '../config/config-schema.js';
import { durationMilliseconds, redisEndpointOf } from '../wiring/config-mapping.js';
import { AccessTokens } from './access-tokens.js';
import { CredentialCache } from './credential-cache.js';
import { InMemoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import { RequestAuthenticator } from './request-authenticator.js';
import type { RequestSecurity } from './request-security.js';
import { announcementOf } from './security-administration.js';
import type { RevocationStore } from './session-service.js';

/**
 * The secret access tokens are signed with: ATS_JWT_SECRET, else derived (HKDF-SHA-256) from
 * API_SECRET_KEY; null when neither is set.
 */
export function accessTokenSecretOf(config: AtsConfig): Uint8Array | null {
  if (config.secrets.jwt_secret) return Buffer.from(config.secrets.jwt_secret, 'utf8');
  if (config.secrets.api_secret_key)
    return new Uint8Array(hkdfSync('sha256', config.secrets.api_secret_key, 'ats', 'ats access tokens', 32));
  return null;
}

export interface ServiceSecurity {
  readonly security: RequestSecurity;
  readonly tokens: AccessTokens;
  readonly cache: CredentialCache;
  readonly revocations: RevocationStore;
  readonly store: SqlSecurityStore;
  /** Subscribes to security events, then reads the keys and revocations. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceSecurityOptions {
  readonly config: AtsConfig;
  readonly database: Database;
  readonly bus: MessageBus;
  readonly mode: 'one-process' | 'multi-process';
  readonly onError: (error: unknown) => void;
}

/** How often the cache is read again from the stores, besides the events (catches anything missed). */
const reloadMilliseconds = 30_000;

/** Rate limits keep working if Redis is slow or gone: the count is skipped (logged), the request goes on. */
function failOpen(store: RateLimitStore, onError: (error: unknown) => void): RateLimitStore {
  return {
    hit: (key, window) =>
      store.hit(key, window).catch((error: unknown) => {
        onError(error);
        return 0;
      }),
  };
}

export function buildServiceSecurity(options: ServiceSecurityOptions): ServiceSecurity {
  const { config, database, bus, mode, onError } = options;
  let secret = accessTokenSecretOf(config);
  if (secret === null) {
    if (mode === 'multi-process')
      throw new AtsError(
        'CONFIG_INVALID',
        'config: secrets.jwt_secret is required in multi-process mode (set ATS_JWT_SECRET to 32 or more characters, or API_SECRET_KEY)',
      );
    // One process verifies only its own tokens: a secret of this run is enough (tokens end with it).
    secret = new Uint8Array(randomBytes(32));
  }
  const tokens = new AccessTokens(secret, durationMilliseconds(config.security.access_token_ttl));
  const cache = new CredentialCache();
  const store = new SqlSecurityStore(database);
  const redisEndpoint = redisEndpointOf(config);
  const redis =
    mode === 'multi-process' && redisEndpoint
      ? new RedisSecurityStores(redisEndpoint, `${redisKeyPrefix(config.deployment.name)}security:`)
      : null;
  const revocations: RevocationStore = redis ?? store;
  const rateLimits: RateLimitStore = redis ? failOpen(redis, onError) : new InMemoryRateLimitStore();
  const authenticator = new RequestAuthenticator({
    tokens,
    cache,
    bootstrapKey: config.secrets.bootstrap_api_key,
    lookupKey: async (id) => {
      const key = await store.keyById(id);
      return key ? announcementOf(key) : null;
    },
  });
  const limits = config.security.rate_limit;
  const security: RequestSecurity = {
    authenticator,
    rateLimits,
    policy: {
      ipAllow: config.security.ip_allow,
      ipDeny: config.security.ip_deny,
      corsOrigins: config.security.cors_origins,
      perIpPerMinute: limits.per_ip_per_minute,
      perCredentialPerMinute: limits.per_credential_per_minute,
      prometheusToken: config.secrets.prometheus_token,
    },
  };
  let subscription: Subscription | null = null;
  let timer: NodeJS.Timeout | null = null;
  const reload = async () => {
    const now = Date.now();
    cache.load((await store.listKeys()).map(announcementOf), await revocations.activeRevocations(now));
    cache.prune(now);
  };
  return {
    security,
    tokens,
    cache,
    revocations,
    store,
    async start() {
      // Subscribed before the first read, so nothing published in between is missed.
      subscription = bus.subscribe(topics.securityEvents, (event) => {
        if (event.type === 'SecurityEventRecorded') cache.apply(event as SecurityEventRecorded);
      });
      // The first load retries for about 10 s: Redis commands give up after 500 ms (a slow Redis must not
      // hold requests), and at a wave's start on a loaded machine one slow answer would fail the start.
      await retryWithBackoff(reload, {
        attempts: 8,
        baseMilliseconds: 250,
        maxMilliseconds: 2_000,
        shouldRetry: () => true,
        sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
      });
      timer = setInterval(() => void reload().catch(onError), reloadMilliseconds);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await subscription?.unsubscribe().catch(onError);
      await redis?.close();
    },
  };
}
