// Leases per symbol in Redis, shared fairly by the live instances of one service (the Strategy Engine
// partitioned by symbol). Each lease is a key holding its owner's name with an expiry the owner renews;
// a dead owner's leases expire and the survivors take them. Every command touches one key, so the
// leases work alike on one server, behind Sentinel, and on a Redis Cluster.
import type { RedisClient } from './redis-endpoint.js';

// Renew or release a lease only while it is still ours (a lease that expired may have a new owner).
const renewScript =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const releaseScript =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface SymbolLeasesOptions {
  readonly client: RedisClient;
  /** `${redisKeyPrefix(deployment)}leases:${group}:` */
  readonly keyPrefix: string;
  /** This instance's name: unique among the live instances. */
  readonly instance: string;
  readonly symbols: readonly string[];
  /** A lease not renewed this long expires; the owner renews it three times per period. */
  readonly ttlMilliseconds: number;
  readonly onAcquired: (symbol: string) => void;
  readonly onLost: (symbol: string) => void;
  readonly onError: (error: unknown) => void;
}

export class SymbolLeases {
  /** Owned symbols and until when (local clock) the ownership is certain. */
  private readonly held = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: SymbolLeasesOptions) {
    if (new Set(options.symbols).size !== options.symbols.length)
      throw new RangeError('symbol leases: a symbol is listed twice');
    if (!(options.ttlMilliseconds >= 300))
      throw new RangeError(`symbol leases: ttl ${options.ttlMilliseconds} ms is below 300 ms`);
  }

  /**
   * Whether this instance owns the symbol now. Ownership is trusted only until the lease would have
   * expired counted from just before its last renewal was sent, less a tenth for clock drift, so an
   * instance cut off from Redis stops emitting before another can take its leases over.
   */
  owns(symbol: string): boolean {
    const until = this.held.get(symbol);
    return until !== undefined && Date.now() < until;
  }

  owned(): string[] {
    return this.options.symbols.filter((symbol) => this.owns(symbol));
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(
      () => {
        if (this.ticking) return;
        this.ticking = this.tick()
          .catch(this.options.onError)
          .finally(() => {
            this.ticking = null;
          });
      },
      Math.max(100, Math.floor(this.options.ttlMilliseconds / 3)),
    );
    this.timer.unref?.();
  }

  /** Releases every lease at once (a clean stop hands the symbols over without waiting for expiry). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    const { client, instance } = this.options;
    for (const symbol of [...this.held.keys()]) {
      this.lose(symbol);
      await client.eval(releaseScript, 1, this.leaseKey(symbol), instance).catch(this.options.onError);
    }
    await client.zrem(this.membersKey(), instance).catch(this.options.onError);
  }

  private leaseKey(symbol: string): string {
    return `${this.options.keyPrefix}symbol:${symbol}`;
  }

  private membersKey(): string {
    return `${this.options.keyPrefix}members`;
  }

  private lose(symbol: string): void {
    if (!this.held.delete(symbol)) return;
    this.options.onLost(symbol);
  }

  /** The symbols in an order of this instance's own, so instances do not all race for the same one. */
  private preferenceOrder(): string[] {
    const weight = (symbol: string) => {
      let hash = 2_166_136_261;
      for (const character of `${this.options.instance}|${symbol}`) {
        hash ^= character.charCodeAt(0);
        hash = Math.imul(hash, 16_777_619) >>> 0;
      }
      return hash;
    };
    return [...this.options.symbols].sort((a, b) => weight(a) - weight(b));
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { client, instance, ttlMilliseconds, symbols } = this.options;
    const sentAt = Date.now();
    const certainUntil = sentAt + ttlMilliseconds - Math.ceil(ttlMilliseconds / 10);
    // Membership: a sorted set of the live instances scored by when each stops counting as live.
    await client.zadd(this.membersKey(), sentAt + ttlMilliseconds, instance);
    await client.zremrangebyscore(this.membersKey(), '-inf', sentAt);
    const live = Math.max(1, await client.zcard(this.membersKey()));
    const fairShare = Math.ceil(symbols.length / live);
    for (const symbol of [...this.held.keys()]) {
      const renewed = Number(
        await client.eval(renewScript, 1, this.leaseKey(symbol), instance, ttlMilliseconds),
      );
      if (renewed === 1) this.held.set(symbol, certainUntil);
      else this.lose(symbol);
    }
    // More than a fair share (an instance joined): hand the surplus back, the last preferred first.
    const preference = this.preferenceOrder();
    const mine = preference.filter((symbol) => this.held.has(symbol));
    for (const symbol of mine.slice(fairShare).reverse()) {
      this.lose(symbol);
      await client.eval(releaseScript, 1, this.leaseKey(symbol), instance);
    }
    for (const symbol of preference) {
      if (this.held.size >= fairShare || this.stopped) break;
      if (this.held.has(symbol)) continue;
      const taken = await client.set(this.leaseKey(symbol), instance, 'PX', ttlMilliseconds, 'NX');
      if (taken !== 'OK') continue;
      this.held.set(symbol, certainUntil);
      this.options.onAcquired(symbol);
    }
  }
}
