// The configuration schema: every key, its type, what is allowed, and the only copy of the defaults.
import { deploymentNamePattern } from '@ats/redis';
import { z } from 'zod';
import { notificationsConfig } from './notifications-config.js';
import { riskCheckSettings } from './risk-check-settings.js';
import { riskModelsConfig } from './risk-models-config.js';

const decimalText = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .refine((value) => /^-?\d+(\.\d+)?$/.test(value), { message: 'must be a decimal number such as 10000.00' });

/** Durations as the spec writes them: "30s", "500ms", "30d", or a number of milliseconds. */
const duration = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+(ms|s|m|h|d)$/, { message: 'must be a duration such as 500ms, 30s, 5m, 2h or 30d' }),
]);

const fraction = z.number().gt(0).lte(1);
const port = z.number().int().min(1).max(65535);

const instrument = z.strictObject({
  symbol: z.string().regex(/^[A-Z][A-Z0-9.\-/]{0,9}$/, { message: 'must be 1-10 upper-case characters' }),
  sector: z.string().default('Unclassified'),
  tick_size: decimalText.default('0.01'),
  lot_size: z.number().int().positive().default(1),
  /** Simulated market only: the opening price and the daily volatility of the random walk. */
  initial_price: z.number().positive().default(100),
  daily_volatility: z.number().positive().max(1).default(0.02),
});

const strategy = z.strictObject({
  id: z.string().min(1).max(50),
  kind: z.string().min(1),
  symbols: z.array(z.string()).min(1),
  parameters: z.record(z.string(), z.number()).default({}),
  enabled: z.boolean().default(true),
  /**
   * `kind: ml-model` only: the model registry's model it runs, by name, and a version (absent: the
   * version in production when the Strategy Engine starts).
   */
  model: z
    .strictObject({
      name: z.string().min(1).max(100),
      version: z.number().int().min(1).optional(),
    })
    .optional(),
});

/** A fusion group: configured strategies whose signals are merged into one that trades under `id`. */
const fusionGroup = z.strictObject({
  id: z.string().min(1).max(50),
  /** Ids of configured strategies (or models written as strategies); they no longer trade alone. */
  sources: z.array(z.string().min(1)).min(2),
  weighting: z.enum(['static', 'quality', 'inverse-variance']).default('static'),
  /** Opposite signals on one symbol: the weighted sum decides, the strongest wins, or stand aside. */
  conflict: z.enum(['net', 'strongest', 'flat']).default('net'),
  /** Static weights by source id (default 1 each); the other weightings multiply them. */
  weights: z.record(z.string(), z.number().nonnegative().max(1_000_000)).default({}),
  /** A signal's strength halves every this many minutes. */
  half_life_minutes: z.number().positive().max(525_600).default(60),
  /** The merged confidence must pass this to trade. */
  threshold: z.number().min(0).lt(1).default(0.1),
  enabled: z.boolean().default(true),
});

const servicePorts = z.strictObject({
  data_collector: port.default(9101),
  strategy_engine: port.default(9102),
  risk_manager: port.default(9103),
  trade_executor: port.default(9104),
  scheduler: port.default(9106),
  backtesting: port.default(9107),
  security: port.default(8009),
  audit: port.default(8010),
  monitoring: port.default(8008),
  /** The notification service: Gotify's API and the outbound channels. */
  notifications: port.default(8080),
});

/** A service's host name as the other services reach it (containers: its compose service name). */
const serviceHost = z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, 'a host name or IPv4 address');
const serviceHosts = z.strictObject(
  Object.fromEntries(Object.keys(servicePorts.shape).map((name) => [name, serviceHost.optional()])) as {
    [name in keyof typeof servicePorts.shape]: z.ZodOptional<typeof serviceHost>;
  },
);

const commission = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('per-share'), per_share: decimalText, minimum: decimalText.default('0') }),
  z.strictObject({
    kind: z.literal('basis-points'),
    basis_points: z.number().nonnegative(),
    minimum: decimalText.optional(),
  }),
  z.strictObject({ kind: z.literal('fixed'), per_order: decimalText }),
]);

/** A simulated venue for smart order routing: the market's quote with its own spread, size, fees and latency. */
const routingVenue = z.strictObject({
  /** As its fills report it (the trades table's venue column). */
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, { message: "must be 1-20 of letters, digits, '_' and '-'" }),
  /** A simulated venue (the paper broker, with its own books); brokers' own quotes are not routed on yet. */
  kind: z.literal('paper').default('paper'),
  commission: commission.default({ kind: 'per-share', per_share: '0.005', minimum: '0' }),
  /** Time from sending to the venue's book (the simulated venue applies it). */
  latency: duration.default('0ms'),
  /** Added to the market ask and taken off the bid, basis points (negative: inside the market). */
  quote_adjustment_bps: z.number().min(-1_000).max(1_000).default(0),
  /** Shares shown on each side; absent: the market quote's own sizes. */
  displayed_size: z.number().int().positive().optional(),
});

/**
 * A service that may run as several instances partitioned by symbol (leases in Redis). `instances` is
 * how many `ats start --distributed` runs (instance k on the service port + 100 × (k − 1)); more than
 * one needs `partition_by_symbol`, else every instance would handle every symbol.
 */
const partitionFields = {
  partition_by_symbol: z.boolean().default(false),
  /** A symbol's lease lasts this long unrenewed: the takeover time after an instance dies. */
  lease_ttl: duration.default('3s'),
  instances: z.number().int().min(1).max(9).default(1),
};

/** More than one instance needs partitioning, else every instance would handle every symbol. */
function instancesNeedPartition(
  service: string,
): [
  (value: { instances: number; partition_by_symbol: boolean }) => boolean,
  { message: string; path: string[] },
] {
  return [
    (value) => value.instances === 1 || value.partition_by_symbol,
    {
      message: `instances above 1 need partition_by_symbol: true (each ${service} instance handles the symbols it leases)`,
      path: ['instances'],
    },
  ];
}

function partitionedService(service: string) {
  return z
    .strictObject(partitionFields)
    .refine(...instancesNeedPartition(service))
    .prefault({});
}

const strategyEngine = z
  .strictObject({
    ...partitionFields,
    /**
     * A signal whose write failed while the database was out is written again until stored, or dropped
     * once this old: its reference price and the bar it was decided on are stale by then.
     */
    signal_retry_window: duration.default('1m'),
  })
  .refine(...instancesNeedPartition('strategy-engine'))
  .prefault({});

export const configSchema = z.strictObject({
  environment: z.string().default('development'),
  /** One deployment: prefixes every Redis key and channel, and names the supervisor's lock. */
  deployment: z
    .strictObject({
      name: z
        .string()
        .regex(deploymentNamePattern, { message: "must be 1-40 of a-z, 0-9, '-' and '_'" })
        .default('ats'),
    })
    .prefault({}),
  /** The Backtesting Engine's run queue: runs at once (worker threads) and runs that may wait. */
  /**
   * Several Strategy Engine instances (`ats service strategy-engine --instance NAME --port P`), each
   * journaling the signals of the symbols whose lease it holds in Redis; a dead instance's symbols
   * move to a survivor once its leases expire (docs/operations.md).
   */
  strategy_engine: strategyEngine,
  /**
   * Several Data Collector instances (`ats service data-collector --instance NAME --port P`), each
   * ingesting, storing and publishing the quotes of the symbols whose lease it holds in Redis; a dead
   * instance's symbols move to a survivor once its leases expire (docs/operations.md).
   */
  data_collector: partitionedService('data-collector'),
  backtesting: z
    .strictObject({
      concurrency: z.number().int().min(1).max(64).default(1),
      max_queue_length: z.number().int().min(0).max(10_000).default(20),
      /**
       * Runs submitted to the REST API go to a BullMQ queue on Redis (redis.url, sentinels or cluster),
       * pulled by `ats backtest-worker` processes on any machine, instead of this process's threads.
       */
      distributed: z
        .strictObject({
          enabled: z.boolean().default(false),
          /** Tries of a job, counting a worker that died holding it. */
          attempts: z.number().int().min(1).max(20).default(3),
          /** A job's lock: a worker dead this long no longer holds its job. */
          lock_duration: duration.default('30s'),
          /** How often workers look for jobs whose holder died and queue them again. */
          stalled_interval: duration.default('15s'),
          /** Jobs one worker process runs at once (each run on a worker thread). */
          worker_concurrency: z.number().int().min(1).max(64).default(1),
        })
        .prefault({}),
    })
    .prefault({}),
  account: z
    .strictObject({
      id: z.string().min(1).max(50).default('paper'),
      starting_cash: decimalText.default('100000.00'),
      /**
       * The paper venue's account and the Risk Manager's buying-power model: `cash` (buys only what the
       * cash pays for, no short sales) or `margin` (Reg T: 2x buying power, 25% maintenance, margin
       * calls liquidated through the order path, the pattern-day-trader rule under 25,000).
       */
      kind: z.enum(['cash', 'margin']).default('cash'),
      /** Margin accounts: the symbols the broker can lend, the only ones that may be sold short. */
      easy_to_borrow: z.array(z.string().min(1)).default([]),
      /** Margin accounts flagged as pattern day traders get 4x the maintenance excess intraday. */
      pattern_day_trader: z.boolean().default(false),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** A PostgreSQL URL; when absent the embedded PGlite store in data_directory is used. */
      url: z.string().url().optional(),
      /**
       * A streaming replica of that PostgreSQL server (a hot standby). In multi-process mode the
       * read-only REST endpoints of the Trade Executor (orders, trades, positions, snapshots) and the
       * Backtesting service (runs, results, reports) read from it; every write and the trading flow use
       * the primary. Reads lag the primary by the replication delay. The one-process node ignores it.
       */
      read_replica_url: z.string().url().optional(),
      host: z.string().optional(),
      port: port.default(5432),
      name: z.string().default('ats'),
      user: z.string().default('postgres'),
      data_directory: z.string().default('.ats-data/pglite'),
      max_connections: z.number().int().positive().default(10),
      connection_timeout: duration.default('30s'),
    })
    .prefault({}),
  redis: z
    .strictObject({
      url: z.string().optional(),
      /**
       * Redis Cluster seed nodes, each `host:port` (the spec's production block): ioredis learns the slot
       * map from any of them. redis.url then only gives the user and password (a cluster has database
       * 0 only). Each stream is one key, so the bus spreads over the cluster's slots (docs/operations.md).
       */
      cluster_endpoints: z
        .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, { message: 'must be host:port' }))
        .optional(),
      /** Find the primary through Redis Sentinel (ioredis follows a failover by itself). */
      sentinel_enabled: z.boolean().default(false),
      /** The sentinels, each `host:port`; needed when sentinel_enabled. */
      sentinels: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, { message: 'must be host:port' })).default([]),
      /** The primary's name in the sentinels' `sentinel monitor` line. */
      sentinel_master: z.string().min(1).default('ats'),
      /** After Redis lost its data, outbox events written this far back are relayed again. */
      redelivery_window: duration.default('1h'),
    })
    .superRefine((redis, context) => {
      if (redis.cluster_endpoints && redis.cluster_endpoints.length > 0 && redis.sentinel_enabled)
        context.addIssue({
          code: 'custom',
          path: ['cluster_endpoints'],
          message:
            'cluster_endpoints and sentinel_enabled exclude each other (a cluster fails over by itself); set one',
        });
      if (redis.cluster_endpoints && redis.cluster_endpoints.length === 0)
        context.addIssue({
          code: 'custom',
          path: ['cluster_endpoints'],
          message: 'cluster_endpoints needs at least one host:port (or leave it out)',
        });
      if (redis.sentinel_enabled && redis.sentinels.length === 0)
        context.addIssue({
          code: 'custom',
          path: ['sentinels'],
          message: 'sentinel_enabled needs at least one sentinel (host:port)',
        });
    })
    .prefault({}),
  /**
   * Market data providers. `providers` is the failover chain in order: the first that streams feeds
   * the collector; the rest stand by. Names: simulated, alpaca, polygon, yahoo, alpha-vantage
   * (docs/market-data-providers.md). Credentials come from the environment only.
   */
  data: z
    .strictObject({
      providers: z
        .array(z.enum(['simulated', 'alpaca', 'polygon', 'yahoo', 'alpha-vantage']))
        .min(1)
        .refine((names) => new Set(names).size === names.length, {
          message: 'must not name a provider twice',
        })
        .default(['simulated']),
      alpaca: z
        .strictObject({
          /** `iex` (Basic plan) or `sip` (Algo Trader Plus). */
          feed: z.enum(['iex', 'sip']).default('iex'),
          rest_url: z.string().url().optional(),
          stream_url: z.string().optional(),
          requests_per_minute: z.number().int().positive().default(200),
        })
        .prefault({}),
      polygon: z
        .strictObject({
          rest_url: z.string().url().optional(),
          stream_url: z.string().optional(),
          requests_per_minute: z.number().int().positive().default(5),
        })
        .prefault({}),
      yahoo: z
        .strictObject({
          base_url: z.string().url().optional(),
          requests_per_minute: z.number().int().positive().default(60),
        })
        .prefault({}),
      alpha_vantage: z
        .strictObject({
          base_url: z.string().url().optional(),
          requests_per_minute: z.number().int().positive().default(5),
          requests_per_day: z.number().int().positive().default(25),
        })
        .prefault({}),
      /** No message for this long while the market trades is a silent stream: reconnect, then fail over. */
      watchdog_silence: duration.default('10s'),
      /** Reconnects of a silent provider before failing over to the next in `providers`. */
      reconnects_before_failover: z.number().int().nonnegative().default(1),
      /** Rejected market data kept for inspection (the newest rows). */
      rejections_kept: z.number().int().positive().default(100_000),
      /** market_quotes months ending longer ago than this are dropped (absent: kept). */
      quote_retention: duration.optional(),
    })
    .prefault({}),
  http: z.strictObject({ host: z.string().default('127.0.0.1'), port: port.default(8000) }).prefault({}),
  services: servicePorts.prefault({}),
  /**
   * Where the other services (the gateway, the Scheduler's health report, the Backtesting service's
   * calls) reach each service; absent: `http.host`, right when every service runs on one host.
   */
  service_hosts: serviceHosts.prefault({}),
  /** The web dashboard's live stream (docs/dashboard.md): per-browser buffer and how many browsers at once. */
  dashboard: z
    .strictObject({
      /** Events held for one browser that reads slower than they come; past it the oldest are dropped. */
      live_buffer_events: z.number().int().min(10).max(100_000).default(1_000),
      live_max_clients: z.number().int().min(1).max(10_000).default(64),
    })
    .prefault({}),
  risk_limits: z
    .strictObject({
      max_position_size: fraction.default(0.1),
      max_sector_exposure: fraction.default(0.3),
      daily_loss_limit: decimalText.default('10000.00'),
      position_fraction: fraction.default(0.1),
      allow_short: z.boolean().default(false),
      /** A price older than this (market time) is not used to size or check an order. */
      max_price_age: duration.default('5m'),
      ...riskCheckSettings,
    })
    .prefault({}),
  /** Position sizing, live monitoring and VaR (docs/risk-models.md). */
  risk_models: riskModelsConfig.prefault({}),
  market: z
    .strictObject({
      kind: z.enum(['simulated']).default('simulated'),
      seed: z.number().int().default(42),
      /** Simulated seconds per real second: 60 plays one market minute each second. */
      // Bounded: at 1e9 the market clock leaves the calendar's years within minutes and crashes.
      speed: z.number().positive().max(10_000).default(60),
      /** Simulated milliseconds between two quotes of one symbol. */
      quote_interval_ms: z.number().int().positive().default(5_000),
      max_clock_skew_ms: z.number().int().nonnegative().default(5_000),
      outlier_fraction: fraction.default(0.2),
      /** Consecutive quotes at a new level (the jump included) that make a jump beyond outlier_fraction genuine. */
      outlier_confirmation_quotes: z.number().int().min(1).max(20).default(3),
      instruments: z
        .array(instrument)
        .min(1)
        .default([
          {
            symbol: 'AAPL',
            sector: 'Technology',
            tick_size: '0.01',
            lot_size: 1,
            initial_price: 190,
            daily_volatility: 0.02,
          },
          {
            symbol: 'MSFT',
            sector: 'Technology',
            tick_size: '0.01',
            lot_size: 1,
            initial_price: 410,
            daily_volatility: 0.018,
          },
          {
            symbol: 'JPM',
            sector: 'Financials',
            tick_size: '0.01',
            lot_size: 1,
            initial_price: 195,
            daily_volatility: 0.016,
          },
          {
            symbol: 'XOM',
            sector: 'Energy',
            tick_size: '0.01',
            lot_size: 1,
            initial_price: 115,
            daily_volatility: 0.017,
          },
          {
            symbol: 'JNJ',
            sector: 'Health Care',
            tick_size: '0.01',
            lot_size: 1,
            initial_price: 155,
            daily_volatility: 0.012,
          },
        ]),
    })
    .prefault({}),
  strategies: z.array(strategy).default([
    {
      id: 'sma-cross',
      kind: 'sma-cross',
      symbols: ['AAPL', 'MSFT', 'JPM', 'XOM', 'JNJ'],
      parameters: { fast: 5, slow: 20 },
      enabled: true,
    },
  ]),
  /** Signal fusion of this account's strategies: none by default, each strategy trades alone. */
  signal_fusion: z.array(fusionGroup).default([]),
  execution: z
    .strictObject({
      /** Where orders go: the built-in paper venue, Alpaca's Trading API, or a FIX 4.4 counterparty. */
      venue: z.enum(['paper', 'alpaca', 'fix', 'ccxt']).default('paper'),
      /** A second venue new orders go to when the first stops answering (broker failover). */
      secondary_venue: z.enum(['paper', 'alpaca', 'fix', 'ccxt']).optional(),
      /** Failed heartbeats (account queries) in a row after which new orders go to the secondary. */
      failover_after_failed_probes: z.number().int().min(1).max(100).default(3),
      probe_interval: duration.default('5s'),
      alpaca: z
        .strictObject({
          mode: z.enum(['paper', 'live']).default('paper'),
          /** Overrides of Alpaca's endpoints (a proxy, or the loopback test server). */
          rest_url: z.string().url().optional(),
          stream_url: z.string().url().optional(),
        })
        .prefault({}),
      /** A crypto spot venue through ccxt (Binance's API); its symbols are the instruments named like BTC/USDT. */
      ccxt: z
        .strictObject({
          base_url: z.string().url().optional(),
          poll_interval: duration.default('2s'),
        })
        .prefault({}),
      fix: z
        .strictObject({
          host: z.string().default('127.0.0.1'),
          port: port.default(9878),
          sender_comp_id: z.string().min(1).default('ATS'),
          target_comp_id: z.string().min(1).default('EXECUTOR'),
          heartbeat_seconds: z.number().int().min(1).max(300).default(30),
          /** Where the session keeps its sequence numbers and its execution journal. */
          state_directory: z.string().default('.ats-data/fix'),
        })
        .prefault({}),
      commission: commission.default({ kind: 'per-share', per_share: '0.005', minimum: '1.00' }),
      /** An approval older than this (market time) is not placed: the prices it was sized on are stale. */
      max_approval_age: duration.default('5m'),
      /** How often the executor reconciles with the venue while running (it always does at start). */
      reconcile_interval: duration.default('2m'),
      /** Multi-process mode: how long an executor's lease on its account lasts without renewal. */
      lease_ttl: duration.default('10s'),
      /**
       * Smart order routing of algorithm children over several venues (none: one venue, `venue`).
       * With venues listed, they replace `venue`: ordinary orders go to the first, children are routed.
       */
      routing: z
        .strictObject({
          venues: z.array(routingVenue).default([]),
          /** The price risk of a venue's latency, in basis points of the price per second. */
          latency_cost_bps_per_second: z.number().nonnegative().max(10_000).default(0.5),
          /** A venue quote older than this is not routed to. */
          max_quote_age: duration.default('5s'),
        })
        .prefault({}),
      /** Disaster drills only (`ats chaos`): the venue's latency and failure can be set over REST. */
      fault_injection: z.boolean().default(false),
      /**
       * Business continuity: a stop order held at the venue for every open position (opposite side,
       * the position's size), so a position stays protected while ATS is down.
       */
      protective_stops: z
        .strictObject({
          enabled: z.boolean().default(false),
          /** How far from the position's average cost the stop sits, in basis points (500 = 5%). */
          distance_basis_points: z.number().int().min(1).max(5_000).default(500),
          /** How often every position is checked against its stop (after each fill too). */
          check_interval: duration.default('5s'),
        })
        .prefault({}),
    })
    .prefault({}),
  health: z
    .strictObject({
      /** A bus consumer busy with one entry, or unable to read, this long makes its service down. */
      consumer_stuck_after: duration.default('60s'),
    })
    .prefault({}),
  monitoring: z
    .strictObject({
      metrics_retention: duration.default('30d'),
      log_retention: duration.default('90d'),
      alert_thresholds: z
        .strictObject({ error_rate: fraction.default(0.01), response_time_p95: duration.default('500ms') })
        .prefault({}),
      /** How often the Monitoring service asks every service for health and metrics. */
      check_interval: duration.default('15s'),
      /** Rounds of key metrics kept in memory for /api/monitoring/history (240 x 15 s = 1 hour). */
      history_samples: z.number().int().min(1).max(100_000).default(240),
      /** Where service processes ship their log lines: the database's log table, Elasticsearch, or nowhere. */
      logs: z
        .strictObject({
          store: z.enum(['database', 'none']).default('database'),
          /** Ship to this Elasticsearch (bulk API, data stream `index`) instead of the database. */
          elasticsearch_url: z.string().url().optional(),
          index: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, {
              message: 'must be a lower-case Elasticsearch index name',
            })
            .default('ats-logs'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** The notification service: channels, routing, deduplication, rate limits, quiet hours (docs/monitoring.md). */
  notifications: notificationsConfig.prefault({}),
  /** The audit trail: how often the hash chain gets a signed checkpoint, and how often retention runs. */
  audit: z
    .strictObject({
      checkpoint_every: z.number().int().min(1).max(1_000_000).default(1_000),
      checkpoint_interval: duration.default('1m'),
      retention_check_interval: duration.default('1h'),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  /** Absent: `backups` beside the embedded store's folder (`$ATS_DATA_DIR/backups`, `.ats-data/backups`). */
  backups: z.strictObject({ directory: z.string().min(1).optional() }).prefault({}),
  /** Seconds between two status lines of `npm start`; 0 turns them off. */
  status_interval_seconds: z.number().nonnegative().default(5),
  /** Authentication, sessions, rate limits and address lists (docs/security.md). */
  security: z
    .strictObject({
      access_token_ttl: duration.default('15m'),
      refresh_token_ttl: duration.default('7d'),
      /** How long a new API key lives when its creator does not say. */
      api_key_ttl_days: z.number().int().min(1).max(3650).default(90),
      /** Failed logins in a row after which a user is locked for `lockout`. */
      max_failed_logins: z.number().int().min(1).max(100).default(5),
      lockout: duration.default('15m'),
      /** Requests per minute per client address and per credential, shared across processes; 0 turns one off. */
      rate_limit: z
        .strictObject({
          per_ip_per_minute: z.number().int().nonnegative().default(6000),
          per_credential_per_minute: z.number().int().nonnegative().default(3000),
        })
        .prefault({}),
      /** Addresses or CIDR ranges; an allow list, when not empty, refuses every other address. */
      ip_allow: z.array(z.string()).default([]),
      ip_deny: z.array(z.string()).default([]),
      /** Origins whose web pages may call the API (CORS); any other Origin is refused. */
      cors_origins: z.array(z.string().url()).default([]),
    })
    .prefault({}),
  /** Secrets, from the environment only (never from YAML files). */
  secrets: z
    .strictObject({
      api_secret_key: z.string().optional(),
      broker_api_key: z.string().optional(),
      broker_api_secret: z.string().optional(),
      polygon_api_key: z.string().optional(),
      alpha_vantage_api_key: z.string().optional(),
      gotify_token: z.string().optional(),
      prometheus_token: z.string().optional(),
      /** SMTP_PASSWORD: the password of notifications.email.user. */
      smtp_password: z.string().optional(),
      /** SLACK_WEBHOOK_URL: a Slack incoming webhook; notifications go there once set. */
      slack_webhook_url: z.string().url().optional(),
      /** PAGERDUTY_ROUTING_KEY: the integration key of a PagerDuty Events API v2 service. */
      pagerduty_routing_key: z.string().min(1).optional(),
      /** GOTIFY_UPSTREAM_TOKEN: an application token of the real Gotify server at notifications.gotify.url. */
      gotify_upstream_token: z.string().min(1).optional(),
      /** ATS_JWT_SECRET: signs access tokens (HS256, at least 32 characters); else derived from api_secret_key. */
      jwt_secret: z.string().min(32).optional(),
      /** ATS_BOOTSTRAP_API_KEY: an admin key from the environment (CLI, scripts, test harnesses). */
      bootstrap_api_key: z.string().min(32).optional(),
      /** ATS_ADMIN_PASSWORD: the password of the admin user created on first start. */
      admin_password: z.string().min(12).optional(),
    })
    .prefault({}),
});

export type AtsConfig = z.infer<typeof configSchema>;
