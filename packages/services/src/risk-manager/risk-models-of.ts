// Wires the risk models into the Risk Manager: the live monitor, the sizer the configuration chooses
// (fed by the monitor's statistics, holdings and drawdown, and the strategies' closed trades), the VaR
// history and high-water mark in PostgreSQL, and the monitor's actions (halt, reduce, flatten).
import {
  AtrVolatility,
  type MonitorActions,
  positionSizerOf,
  RiskMonitor,
  TradeEdgeBook,
} from '@ats/analytics';
import {
  type AccountId,
  type Instrument,
  Money,
  type OrderRequested,
  type PositionSizer,
  Quantity,
  type SignalId,
  type Ticker,
  topics,
} from '@ats/core';
import type { Portfolio, RiskEngine } from '@ats/engine';
import { type OutboxEntry, OutboxRelay, SqlRiskHistoryStore } from '@ats/persistence';
import type { ServiceContext } from '../composition/service-context.js';
import { durationMilliseconds } from '../wiring/config-mapping.js';
import type { RiskMonitorRoutesOptions } from './risk-monitor-routes.js';
import { tradeEdgesOf } from './trade-edges-of.js';

/** The newest stored fills read for the strategies' edges (Kelly). */
const edgeFillsRead = 10_000;

export interface RiskModels {
  readonly sizer: PositionSizer;
  readonly monitor: RiskMonitor;
  readonly routes: RiskMonitorRoutesOptions;
  /**
   * Starts the monitor after the risk engine exists (its halt is an action). `persistHalt`, when given,
   * is how a halt is made (the control desk's stored kill switch, so it survives a restart).
   */
  start(risk: RiskEngine, persistHalt?: (reason: string) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export function riskModelsOf(
  context: ServiceContext,
  portfolio: Portfolio,
  instruments: readonly Instrument[],
  accountId: AccountId,
): RiskModels {
  const { config, bus, database, repositories, clock, ids, onError } = context;
  const settings = config.risk_models;
  const store = new SqlRiskHistoryStore(database);
  // Reductions are requests like an operator's flatten: reduce-only, through risk to the executor.
  const requests = new OutboxRelay({ database, bus, source: 'risk-monitor', onError });
  let engine: RiskEngine | null = null;
  let haltDurably: ((reason: string) => Promise<void>) | undefined;
  const actions: MonitorActions = {
    halt: (reason) => (haltDurably ? haltDurably(reason) : engine?.halt(reason)),
    reduce: async (fraction, reason) => {
      const entries: OutboxEntry[] = [];
      for (const instrument of instruments) {
        const net = portfolio.netQuantity(instrument.symbol);
        const lot = instrument.lotSize.value;
        const quantity = fraction >= 1 ? Math.abs(net) : Math.floor((Math.abs(net) * fraction) / lot) * lot;
        if (quantity === 0) continue;
        const now = clock.now();
        // The symbol's working orders are canceled first, as an operator's flatten does: one resting
        // on the other side would make the reduction a wash trade, one on the same side would undo it.
        const cancelsFirst = engine?.workingOrderIds(instrument.symbol as Ticker) ?? [];
        const request: OrderRequested = {
          type: 'OrderRequested',
          id: ids.eventId(),
          occurredAt: now,
          receivedAt: now,
          causationId: null,
          requestId: ids.uuid() as SignalId,
          accountId,
          symbol: instrument.symbol as Ticker,
          side: net > 0 ? 'SELL' : 'BUY',
          quantity: Quantity.of(quantity),
          orderType: 'MARKET',
          limitPrice: null,
          stopPrice: null,
          timeInForce: 'DAY',
          reduceOnly: true,
          requestedBy: reason.slice(0, 200),
          cancelsFirst,
        };
        entries.push({ topics: [topics.ordersRequested], event: request });
      }
      if (entries.length === 0) return;
      await requests.transaction(async () => ({ result: undefined, entries }));
    },
  };
  let edges = new TradeEdgeBook();
  const refreshEdges = async () => {
    // Whole round trips, not fills: Kelly's win rate and payoff are per trade taken. A full read is
    // the whole history; otherwise the window starts at the positions held before it.
    const fills = await repositories.trades.listTrades({ accountId, limit: edgeFillsRead });
    edges = tradeEdgesOf(
      fills,
      fills.length < edgeFillsRead
        ? undefined
        : (strategyId, symbol) => portfolio.strategyNetQuantity(strategyId, symbol as Ticker),
    );
  };
  const samplesPerDay = settings.monitor.samples_per_day;
  const monitor = new RiskMonitor({
    bus,
    clock,
    ids,
    portfolio,
    instruments,
    config: settings.monitor,
    sampleIntervalMilliseconds: durationMilliseconds(settings.monitor.sample_interval),
    maxSectorExposure: config.risk_limits.max_sector_exposure,
    actions,
    onError,
    onSample: async (live, at) => {
      const figures = live.risk.figures();
      // The VaR over one sample interval, so the next sample's P&L is compared with like.
      const perSample = figures.valueAtRisk / Math.sqrt(samplesPerDay);
      const equity = Money.of(figures.equity.toFixed(4));
      await store.recordSample({
        accountId,
        sampledAt: at,
        method: 'parametric',
        confidence: settings.monitor.var_confidence,
        horizonDays: 1,
        valueAtRisk: perSample,
        expectedShortfall: perSample,
        equity,
      });
      await store.saveHighWaterMark(accountId, Money.of(figures.highWaterMark.toFixed(4)), at);
      await refreshEdges();
    },
  });
  const atr = new AtrVolatility();
  const sizer = positionSizerOf(settings.sizing, {
    atrVolatilityOf: (symbol) => atr.volatilityOf(symbol),
    statistics: monitor.daily,
    holdings: () => {
      const values = monitor.risk.values();
      return monitor.heldSymbols().map((symbol) => ({ symbol, value: values[monitor.risk.slotOf(symbol)]! }));
    },
    drawdown: () => monitor.risk.figures().drawdown,
    edgeOf: (strategyId) => edges.edgeOf(strategyId),
    positionFraction: config.risk_limits.position_fraction,
  });
  return {
    sizer,
    monitor,
    routes: {
      monitor,
      instruments,
      marketData: repositories.marketData,
      history: store,
      accountId,
      confidence: settings.monitor.var_confidence,
      samplesPerDay,
      ...(settings.monitor.benchmark ? { benchmark: settings.monitor.benchmark } : {}),
    },
    async start(risk, persistHalt) {
      engine = risk;
      haltDurably = persistHalt;
      await refreshEdges();
      await requests.start();
      atr.start(bus);
      if (!settings.monitor.enabled) return;
      const mark = await store.loadHighWaterMark(accountId);
      monitor.start();
      if (mark) monitor.risk.restoreHighWaterMark(mark.toNumber());
    },
    async stop() {
      await monitor.stop();
      await atr.stop();
      await requests.stop();
    },
  };
}
