// Transaction cost analysis from the store: per parent (algorithm order) and per ordinary order with
// fills, from the trades, the children's latency stages and the stored quotes and 1-minute bars;
// results are upserted into tca_results (migration 014) and summarized per strategy, venue or day.
import { type TcaFill, type TransactionCost, transactionCost } from '@ats/analytics';
import { Money, type OrderSide, Price } from '@ats/core';
import type { Database } from '@ats/persistence';
import { routedVenueReport } from './routing-report.js';
import { sessionHoursOf } from './stored-volume-profile.js';

type Row = Record<string, unknown>;
const time = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).getTime();
const iso = (at: number) => new Date(at).toISOString();

export interface TcaSubject {
  readonly scope: 'order' | 'parent';
  readonly id: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly algorithm: string | null;
  readonly quantity: number;
  readonly decidedAt: number;
  readonly arrivalPrice: Price | null;
  /** When the subject stopped (a canceled parent), else null (its last fill ends it). */
  readonly endedAt: number | null;
  readonly orderIds: readonly string[];
  readonly submittedAt: number | null;
  readonly acknowledgedAt: number | null;
}

export const tcaGroupings = ['parent', 'order', 'strategy', 'venue', 'day', 'route'] as const;
export type TcaGrouping = (typeof tcaGroupings)[number];

export class TcaComputer {
  constructor(
    private readonly database: Database,
    private readonly accountId: string,
  ) {}

  /** Computes and stores the TCA of every parent and every ordinary order with fills; returns how many. */
  async computeAll(now: number): Promise<number> {
    // A finished subject whose result was computed after it finished is final: not computed again.
    const final = new Set(
      (
        await this.database.query<{ key: string }>(
          `SELECT r.scope || '|' || r.subject_id AS key FROM tca_results r
             LEFT JOIN algorithm_parent_orders p ON r.scope = 'parent' AND p.id = r.subject_id
             LEFT JOIN orders o ON r.scope = 'order' AND o.id::text = r.subject_id
            WHERE r.account_id = $1 AND ((p.status IN ('completed', 'canceled') AND r.computed_at >= p.updated_at)
               OR (o.status IN ('FILLED', 'CANCELED', 'EXPIRED', 'REJECTED') AND r.computed_at >= o.updated_at))`,
          [this.accountId],
        )
      ).map((row) => row.key),
    );
    const subjects = [...(await this.parentSubjects()), ...(await this.orderSubjects())].filter(
      (subject) => !final.has(`${subject.scope}|${subject.id}`),
    );
    for (const subject of subjects) await this.store(subject, await this.compute(subject, now), now);
    return subjects.length;
  }

  async compute(
    subject: TcaSubject,
    now: number,
  ): Promise<TransactionCost & { intervalVwap: Price | null; closePrice: Price | null }> {
    const fills = await this.fillsOf(subject.orderIds);
    const lastFill = fills.reduce((latest, fill) => Math.max(latest, fill.at), Number.NEGATIVE_INFINITY);
    const end = subject.endedAt ?? (Number.isFinite(lastFill) ? lastFill : now);
    const session = sessionHoursOf(subject.decidedAt);
    const closeAt = Math.min(now, session?.close ?? now);
    const intervalVwap = await this.intervalVwap(
      subject.symbol,
      subject.decidedAt,
      Math.max(end, subject.decidedAt + 60_000),
    );
    const closePrice = await this.priceAt(subject.symbol, closeAt);
    const cost = transactionCost({
      side: subject.side,
      quantity: subject.quantity,
      decidedAt: subject.decidedAt,
      arrivalPrice: subject.arrivalPrice ?? (await this.priceAt(subject.symbol, subject.decidedAt)),
      firstSubmitPrice:
        subject.submittedAt === null ? null : await this.priceAt(subject.symbol, subject.submittedAt),
      endPrice: await this.priceAt(subject.symbol, end),
      intervalVwap,
      closePrice,
      fills,
      submittedAt: subject.submittedAt,
      acknowledgedAt: subject.acknowledgedAt,
    });
    return { ...cost, intervalVwap, closePrice };
  }

  private async parentSubjects(): Promise<TcaSubject[]> {
    const parents = await this.database.query<Row>(
      `SELECT p.*, (SELECT MIN(c.submitted_at) FROM algorithm_child_orders c WHERE c.parent_id = p.id) AS first_submitted,
              (SELECT MIN(c.acknowledged_at) FROM algorithm_child_orders c WHERE c.parent_id = p.id) AS first_acknowledged,
              (SELECT array_agg(c.order_id::text) FROM algorithm_child_orders c WHERE c.parent_id = p.id) AS order_ids
         FROM algorithm_parent_orders p WHERE p.account_id = $1`,
      [this.accountId],
    );
    return parents.map((row) => {
      const bid = row.arrival_bid === null ? null : Number(row.arrival_bid);
      const ask = row.arrival_ask === null ? null : Number(row.arrival_ask);
      return {
        scope: 'parent',
        id: String(row.id),
        strategyId: String(row.strategy_id),
        symbol: String(row.symbol),
        side: row.side as OrderSide,
        algorithm: String(row.algorithm),
        quantity: Number(row.quantity),
        decidedAt: time(row.created_at) as number,
        arrivalPrice: bid !== null && ask !== null ? Price.of((bid + ask) / 2) : null,
        endedAt: row.status === 'canceled' ? time(row.updated_at) : null,
        orderIds: (row.order_ids as string[] | null) ?? [],
        submittedAt: time(row.first_submitted),
        acknowledgedAt: time(row.first_acknowledged),
      } satisfies TcaSubject;
    });
  }

  private async orderSubjects(): Promise<TcaSubject[]> {
    const orders = await this.database.query<Row>(
      `SELECT o.id, o.strategy_id, o.symbol, o.side, o.quantity, o.created_at, o.updated_at, o.status, o.acknowledged_at
         FROM orders o WHERE o.account_id = $1 AND o.filled_quantity > 0
          AND NOT EXISTS (SELECT 1 FROM algorithm_child_orders c WHERE c.order_id = o.id)`,
      [this.accountId],
    );
    return orders.map((row) => ({
      scope: 'order',
      id: String(row.id),
      strategyId: String(row.strategy_id ?? ''),
      symbol: String(row.symbol),
      side: row.side as OrderSide,
      algorithm: null,
      quantity: Number(row.quantity),
      decidedAt: time(row.created_at) as number,
      arrivalPrice: null,
      endedAt: row.status === 'CANCELED' || row.status === 'EXPIRED' ? time(row.updated_at) : null,
      orderIds: [String(row.id)],
      // An order is journaled and sent at its creation; the journal stores the venue's first
      // acknowledgement (migration 016).
      submittedAt: time(row.created_at),
      acknowledgedAt: time(row.acknowledged_at),
    }));
  }

  private async fillsOf(orderIds: readonly string[]): Promise<TcaFill[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.database.query<Row>(
      `SELECT executed_price, quantity, commission, executed_at, venue FROM trades
        WHERE order_id::text = ANY($1) ORDER BY executed_at, sequence`,
      [orderIds],
    );
    return rows.map((row) => ({
      price: Price.of(String(row.executed_price)),
      quantity: Number(row.quantity),
      commission: Money.of(String(row.commission ?? '0')),
      at: time(row.executed_at) as number,
      venue: String(row.venue ?? ''),
    }));
  }

  /** The mid of the last stored quote at or before `at` (its last price when it has no bid/ask). */
  private async priceAt(symbol: string, at: number): Promise<Price | null> {
    const [row] = await this.database.query<Row>(
      `SELECT bid, ask, price FROM market_quotes WHERE symbol = $1 AND timestamp <= $2 ORDER BY timestamp DESC LIMIT 1`,
      [symbol, iso(at)],
    );
    if (!row) return null;
    if (row.bid !== null && row.ask !== null) return Price.of((Number(row.bid) + Number(row.ask)) / 2);
    return Price.of(String(row.price));
  }

  /** The volume-weighted typical price of the stored 1-minute bars over [from, to]; else of the quotes. */
  private async intervalVwap(symbol: string, from: number, to: number): Promise<Price | null> {
    const [bars] = await this.database.query<Row>(
      `SELECT SUM((high_price + low_price + close_price) / 3 * volume) AS notional, SUM(volume) AS volume
         FROM market_ohlcv WHERE symbol = $1 AND timeframe = '1m' AND timestamp >= $2 AND timestamp <= $3`,
      [symbol, iso(Math.floor(from / 60_000) * 60_000), iso(to)],
    );
    if (bars && Number(bars.volume) > 0) return Price.of(Number(bars.notional) / Number(bars.volume));
    const [quotes] = await this.database.query<Row>(
      `SELECT SUM(price * volume) AS notional, SUM(volume) AS volume FROM market_quotes
        WHERE symbol = $1 AND timestamp >= $2 AND timestamp <= $3`,
      [symbol, iso(from), iso(to)],
    );
    return quotes && Number(quotes.volume) > 0
      ? Price.of(Number(quotes.notional) / Number(quotes.volume))
      : null;
  }

  private async store(
    subject: TcaSubject,
    cost: TransactionCost & { intervalVwap: Price | null; closePrice: Price | null },
    now: number,
  ): Promise<void> {
    const money = (value: Money | null) => (value === null ? null : value.toString());
    const price = (value: Price | null) => (value === null ? null : value.toString());
    const tradeDate = sessionHoursOf(subject.decidedAt)?.date ?? iso(subject.decidedAt).slice(0, 10);
    await this.database.query(
      `INSERT INTO tca_results (scope, subject_id, account_id, strategy_id, symbol, side, algorithm, venues, trade_date,
         quantity, filled_quantity, arrival_price, average_price, interval_vwap, close_price, slippage_arrival_bps,
         slippage_vwap_bps, slippage_close_bps, delay_cost, trading_cost, opportunity_cost, shortfall_bps, commissions,
         fill_rate, decision_to_submit_ms, submit_to_ack_ms, ack_to_first_fill_ms, first_to_last_fill_ms, decided_at, computed_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30)
       ON CONFLICT (scope, subject_id) DO UPDATE SET venues = EXCLUDED.venues, filled_quantity = EXCLUDED.filled_quantity,
         arrival_price = EXCLUDED.arrival_price, average_price = EXCLUDED.average_price, interval_vwap = EXCLUDED.interval_vwap,
         close_price = EXCLUDED.close_price, slippage_arrival_bps = EXCLUDED.slippage_arrival_bps,
         slippage_vwap_bps = EXCLUDED.slippage_vwap_bps, slippage_close_bps = EXCLUDED.slippage_close_bps,
         delay_cost = EXCLUDED.delay_cost, trading_cost = EXCLUDED.trading_cost, opportunity_cost = EXCLUDED.opportunity_cost,
         shortfall_bps = EXCLUDED.shortfall_bps, commissions = EXCLUDED.commissions, fill_rate = EXCLUDED.fill_rate,
         decision_to_submit_ms = EXCLUDED.decision_to_submit_ms, submit_to_ack_ms = EXCLUDED.submit_to_ack_ms,
         ack_to_first_fill_ms = EXCLUDED.ack_to_first_fill_ms, first_to_last_fill_ms = EXCLUDED.first_to_last_fill_ms,
         computed_at = EXCLUDED.computed_at`,
      [
        subject.scope,
        subject.id,
        this.accountId,
        subject.strategyId,
        subject.symbol,
        subject.side,
        subject.algorithm,
        cost.venues.join(','),
        tradeDate,
        subject.quantity,
        cost.filledQuantity,
        price(subject.arrivalPrice ?? null) ?? null,
        price(cost.averagePrice),
        price(cost.intervalVwap),
        price(cost.closePrice),
        cost.slippageArrivalBps,
        cost.slippageVwapBps,
        cost.slippageCloseBps,
        money(cost.delayCost),
        money(cost.tradingCost),
        money(cost.opportunityCost),
        cost.shortfallBps,
        cost.commissions.toString(),
        cost.fillRate,
        cost.decisionToSubmitMs,
        cost.submitToAckMs,
        cost.ackToFirstFillMs,
        cost.firstToLastFillMs,
        iso(subject.decidedAt),
        iso(now),
      ],
    );
  }

  /**
   * Stored results, newest first (scope parent or order), aggregated by strategy, venue or day, or the
   * smart router's statistics per venue its children went to (`route`).
   */
  async report(by: TcaGrouping, limit: number): Promise<Row[]> {
    if (by === 'route') return routedVenueReport(this.database, this.accountId, limit);
    if (by === 'parent' || by === 'order')
      return this.database.query(
        `SELECT * FROM tca_results WHERE account_id = $1 AND scope = $2 ORDER BY decided_at DESC LIMIT $3`,
        [this.accountId, by, limit],
      );
    const key = by === 'strategy' ? 'strategy_id' : by === 'venue' ? 'venues' : 'trade_date::text';
    return this.database.query(
      `SELECT ${key} AS key, COUNT(*)::int AS orders, SUM(quantity)::bigint AS quantity,
              SUM(filled_quantity)::bigint AS filled_quantity, AVG(fill_rate) AS fill_rate,
              AVG(slippage_arrival_bps) AS slippage_arrival_bps, AVG(slippage_vwap_bps) AS slippage_vwap_bps,
              AVG(slippage_close_bps) AS slippage_close_bps, AVG(shortfall_bps) AS shortfall_bps,
              SUM(delay_cost) AS delay_cost, SUM(trading_cost) AS trading_cost, SUM(opportunity_cost) AS opportunity_cost,
              SUM(commissions) AS commissions,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY submit_to_ack_ms) AS submit_to_ack_p50_ms,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY submit_to_ack_ms) AS submit_to_ack_p95_ms,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY decision_to_submit_ms + COALESCE(submit_to_ack_ms, 0) + COALESCE(ack_to_first_fill_ms, 0)) AS decision_to_first_fill_p50_ms,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY decision_to_submit_ms + COALESCE(submit_to_ack_ms, 0) + COALESCE(ack_to_first_fill_ms, 0)) AS decision_to_first_fill_p95_ms
         FROM tca_results WHERE account_id = $1 GROUP BY ${key} ORDER BY 1 LIMIT $2`,
      [this.accountId, limit],
    );
  }
}
