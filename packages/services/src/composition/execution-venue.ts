// The Trade Executor's venue, chosen by configuration: the paper venue (a simulated broker keeping its
// own books), Alpaca's Trading API, or a FIX 4.4 counterparty; with a secondary venue, a failover
// client in front of both. Broker credentials come from the environment only.
import { join } from 'node:path';
import {
  AlpacaExecutionClient,
  alpacaCredentialsFromEnvironment,
  alpacaEndpointsFor,
} from '@ats/adapter-alpaca';
import { nyseSessionCloseOf } from '@ats/backtest';
import { type ExecutionClient, Money, type Quote } from '@ats/core';
import {
  type AccountModel,
  CashAccount,
  FailoverExecutionClient,
  MarginAccount,
  type MarginCall,
  PaperExecutionClient,
} from '@ats/engine';
import { SqlPaperVenueStore } from '@ats/persistence';
import type { AtsConfig } from '../config/config-schema.js';
import { PersistentPaperVenue } from '../trade-executor/persistent-paper-venue.js';
import { commissionOf, durationMilliseconds } from '../wiring/config-mapping.js';
import type { ServiceContext } from './service-context.js';

type VenueKind = AtsConfig['execution']['venue'];

/** A venue; `onQuote` is there when it matches orders itself against market data (the paper venue). */
export type ExecutionVenue = ExecutionClient & {
  onQuote?(quote: Quote): void;
  /** The paper venue on a margin account: margin calls to liquidate. */
  onMarginCall?(handler: (call: MarginCall) => void): void;
};

// The ccxt and FIX adapters load on demand: together they take about 2.5 s to import, which every
// service process (and every restart under the supervisor) would otherwise pay without using them.
async function buildVenue(kind: VenueKind, context: ServiceContext): Promise<ExecutionVenue> {
  const { config, clock, ids, database, onError, logger } = context;
  const startingCash = Money.of(config.account.starting_cash, 'account.starting_cash');
  switch (kind) {
    case 'paper':
      // The configured account (cash: buys refused that cash cannot pay for, no short sales; margin:
      // Reg T); DAY orders expire at the NYSE close, early closes included.
      return new PersistentPaperVenue({
        inner: new PaperExecutionClient({
          clock,
          ids,
          commission: commissionOf(config),
          startingCash,
          account: paperAccountOf(config, startingCash),
          sessionCloseOf: nyseSessionCloseOf(),
        }),
        store: new SqlPaperVenueStore(database, 'PAPER'),
        startingCash,
        clock,
        onError,
      });
    case 'alpaca': {
      const alpaca = config.execution.alpaca;
      return new AlpacaExecutionClient({
        endpoints: alpacaEndpointsFor(alpaca.mode, {
          ...(alpaca.rest_url ? { restUrl: alpaca.rest_url } : {}),
          ...(alpaca.stream_url ? { streamUrl: alpaca.stream_url } : {}),
        }),
        credentials: alpacaCredentialsFromEnvironment({
          BROKER_API_KEY: config.secrets.broker_api_key,
          BROKER_API_SECRET: config.secrets.broker_api_secret,
        }),
        clock,
        ids,
        onError,
      });
    }
    case 'ccxt': {
      const { CcxtExecutionClient, ccxtCredentialsFromEnvironment } = await import('@ats/adapter-ccxt');
      const symbols = config.market.instruments
        .map((instrument) => instrument.symbol)
        .filter((symbol) => symbol.includes('/'));
      if (symbols.length === 0)
        throw new Error(
          'config: execution.venue = "ccxt" needs instruments named as pairs, such as BTC/USDT',
        );
      return new CcxtExecutionClient({
        credentials: ccxtCredentialsFromEnvironment({
          BROKER_API_KEY: config.secrets.broker_api_key,
          BROKER_API_SECRET: config.secrets.broker_api_secret,
        }),
        symbols,
        clock,
        ids,
        pollMilliseconds: durationMilliseconds(config.execution.ccxt.poll_interval),
        ...(config.execution.ccxt.base_url ? { baseUrl: config.execution.ccxt.base_url } : {}),
        onError,
      });
    }
    case 'fix': {
      const { FixExecutionClient, fixSettings } = await import('@ats/adapter-fix');
      const fix = config.execution.fix;
      return new FixExecutionClient({
        settings: fixSettings({
          host: fix.host,
          port: fix.port,
          senderCompId: fix.sender_comp_id,
          targetCompId: fix.target_comp_id,
          heartbeatSeconds: fix.heartbeat_seconds,
          stateDirectory: join(fix.state_directory),
          ...(config.secrets.broker_api_secret ? { password: config.secrets.broker_api_secret } : {}),
        }),
        clock,
        ids,
        log: (line) => logger.debug({ fix: line }, 'fix message'),
      });
    }
  }
}

/** The paper venue's account model, by `account.kind`. */
export function paperAccountOf(config: AtsConfig, startingCash: Money): AccountModel {
  if (config.account.kind === 'cash') return new CashAccount({ startingCash });
  return new MarginAccount({
    startingCash,
    patternDayTrader: config.account.pattern_day_trader,
    easyToBorrow: config.account.easy_to_borrow,
  });
}

/** The configured venue, behind a failover client when a secondary venue is configured. */
export async function executionVenueOf(context: ServiceContext): Promise<ExecutionVenue> {
  const { config, clock } = context;
  const primary = await buildVenue(config.execution.venue, context);
  const secondaryKind = config.execution.secondary_venue;
  if (!secondaryKind) return primary;
  if (secondaryKind === config.execution.venue)
    throw new Error(
      `config: execution.secondary_venue = "${secondaryKind}": must differ from execution.venue`,
    );
  const secondary = await buildVenue(secondaryKind, context);
  const failover = new FailoverExecutionClient({
    primary,
    secondary,
    clock,
    failuresBeforeFailover: config.execution.failover_after_failed_probes,
    probeIntervalMilliseconds: durationMilliseconds(config.execution.probe_interval),
    onFailover: (report) =>
      context.logger.warn({ report }, 'broker failover: new orders go to the secondary venue'),
  }) as ExecutionVenue;
  const quoted = [primary, secondary].filter((venue) => venue.onQuote);
  if (quoted.length > 0)
    failover.onQuote = (quote: Quote) => {
      for (const venue of quoted) venue.onQuote?.(quote);
    };
  // A paper venue on a margin account behind the failover still issues margin calls to liquidate.
  const margined = [primary, secondary].filter((venue) => venue.onMarginCall);
  if (margined.length > 0)
    failover.onMarginCall = (handler: (call: MarginCall) => void) => {
      for (const venue of margined) venue.onMarginCall?.(handler);
    };
  return failover;
}
