// The paper venue's books in the database: its orders and executions, kept apart from the platform's
// tables, and the answers it gives reconciliation (open orders, executions, positions, cash).
import {
  decodeEvent,
  encodeEvent,
  Money,
  type Order,
  type OrderFilled,
  type OrderId,
  type OrderInitialized,
  Quantity,
  type Ticker,
  type VenueExecution,
  type VenueOrderReport,
  type VenueOrderStatus,
  type VenuePosition,
} from '@ats/core';
import type { Database, Row } from '../database.js';
import { millisecondsOf, moneyOf, priceOf, priceOrNull, timestampText } from '../sql-values.js';

export interface StoredVenueOrder {
  readonly initialized: OrderInitialized;
  readonly venueOrderId: string;
  readonly filledQuantity: number;
  readonly status: VenueOrderStatus;
}

const openStatuses = ['open', 'partially_filled'];

function reportOf(row: Row): VenueOrderReport {
  return {
    orderId: row.order_id as OrderId,
    venueOrderId: row.venue_order_id as string,
    symbol: row.symbol as Ticker,
    side: row.side as VenueOrderReport['side'],
    orderType: row.order_type as VenueOrderReport['orderType'],
    timeInForce: row.time_in_force as VenueOrderReport['timeInForce'],
    quantity: Quantity.of(Number(row.quantity)),
    filledQuantity: Quantity.of(Number(row.filled_quantity)),
    limitPrice: priceOrNull(row.limit_price),
    stopPrice: priceOrNull(row.stop_price),
    status: row.status as VenueOrderStatus,
    reason: (row.reason as string | null) ?? null,
    updatedAt: millisecondsOf(row.updated_at),
  };
}

const reportColumns = `order_id, venue_order_id, symbol, side, order_type, time_in_force, quantity, filled_quantity,
  limit_price::text AS limit_price, stop_price::text AS stop_price, status, reason, updated_at`;

export class SqlPaperVenueStore {
  constructor(
    private readonly database: Database,
    private readonly venue: string,
  ) {}

  async accepted(order: Order, venueOrderId: string, at: number): Promise<void> {
    await this.database.query(
      `INSERT INTO paper_venue_orders (order_id, venue, venue_order_id, symbol, side, order_type, time_in_force, quantity,
         filled_quantity, limit_price, stop_price, status, initialized, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,0,$9,$10,'open',$11,$12) ON CONFLICT (order_id) DO NOTHING`,
      [
        order.id,
        this.venue,
        venueOrderId,
        order.symbol,
        order.side,
        order.type,
        order.timeInForce,
        order.quantity.value,
        order.limitPrice?.toString() ?? null,
        order.stopPrice?.toString() ?? null,
        encodeEvent(order.events[0] as OrderInitialized),
        timestampText(at),
      ],
    );
  }

  /** Records an execution and its order's filled quantity, in one transaction. */
  async executed(fill: OrderFilled, venueOrderId: string): Promise<void> {
    await this.database.transaction(async (transaction) => {
      const inserted = await transaction.query(
        `INSERT INTO paper_venue_executions (venue, execution_id, order_id, venue_order_id, symbol, side, quantity, price,
           commission, executed_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT DO NOTHING RETURNING execution_id`,
        [
          this.venue,
          fill.executionId,
          fill.orderId,
          venueOrderId,
          fill.symbol,
          fill.side,
          fill.lastQuantity.value,
          fill.lastPrice.toString(),
          fill.commission.toString(),
          timestampText(fill.occurredAt),
        ],
      );
      if (inserted.length === 0) return;
      await transaction.query(
        `UPDATE paper_venue_orders SET filled_quantity = filled_quantity + $2,
           status = CASE WHEN filled_quantity + $2 >= quantity THEN 'filled' ELSE 'partially_filled' END,
           updated_at = $3 WHERE order_id = $1`,
        [fill.orderId, fill.lastQuantity.value, timestampText(fill.occurredAt)],
      );
    });
  }

  async closed(orderId: OrderId, status: VenueOrderStatus, reason: string | null, at: number): Promise<void> {
    await this.database.query(
      'UPDATE paper_venue_orders SET status = $2, reason = $3, updated_at = $4 WHERE order_id = $1',
      [orderId, status, reason, timestampText(at)],
    );
  }

  async updatedTerms(order: Order, at: number): Promise<void> {
    await this.database.query(
      'UPDATE paper_venue_orders SET quantity = $2, limit_price = $3, stop_price = $4, updated_at = $5 WHERE order_id = $1',
      [
        order.id,
        order.quantity.value,
        order.limitPrice?.toString() ?? null,
        order.stopPrice?.toString() ?? null,
        timestampText(at),
      ],
    );
  }

  async report(orderId: OrderId): Promise<VenueOrderReport | null> {
    if (!/^[0-9a-f-]{36}$/i.test(orderId)) return null;
    const rows = await this.database.query(
      `SELECT ${reportColumns} FROM paper_venue_orders WHERE order_id = $1 AND venue = $2`,
      [orderId, this.venue],
    );
    return rows[0] ? reportOf(rows[0]) : null;
  }

  async openOrders(): Promise<VenueOrderReport[]> {
    const rows = await this.database.query(
      `SELECT ${reportColumns} FROM paper_venue_orders WHERE venue = $1 AND status = ANY($2) ORDER BY updated_at`,
      [this.venue, openStatuses],
    );
    return rows.map(reportOf);
  }

  /** The open orders with what is needed to put them back to work after a restart. */
  async workingOrders(): Promise<StoredVenueOrder[]> {
    const rows = await this.database.query(
      `SELECT initialized, venue_order_id, filled_quantity, status FROM paper_venue_orders
       WHERE venue = $1 AND status = ANY($2) ORDER BY updated_at`,
      [this.venue, openStatuses],
    );
    return rows.map((row) => ({
      initialized: decodeEvent(row.initialized as string) as OrderInitialized,
      venueOrderId: row.venue_order_id as string,
      filledQuantity: Number(row.filled_quantity),
      status: row.status as VenueOrderStatus,
    }));
  }

  async executionsSince(since: number): Promise<VenueExecution[]> {
    const rows = await this.database.query(
      `SELECT execution_id, order_id, venue_order_id, symbol, side, quantity, price::text AS price,
         commission::text AS commission, executed_at FROM paper_venue_executions
       WHERE venue = $1 AND executed_at >= $2 ORDER BY sequence`,
      [this.venue, timestampText(since)],
    );
    return rows.map((row) => ({
      executionId: row.execution_id as string,
      orderId: row.order_id as OrderId,
      venueOrderId: row.venue_order_id as string,
      symbol: row.symbol as Ticker,
      side: row.side as VenueExecution['side'],
      quantity: Quantity.of(Number(row.quantity)),
      price: priceOf(row.price),
      commission: moneyOf(row.commission),
      executedAt: millisecondsOf(row.executed_at),
    }));
  }

  async positions(): Promise<VenuePosition[]> {
    const rows = await this.database.query(
      `SELECT symbol, SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) AS net
       FROM paper_venue_executions WHERE venue = $1 GROUP BY symbol`,
      [this.venue],
    );
    return rows
      .map((row) => ({ symbol: row.symbol as Ticker, netQuantity: Number(row.net), averageCost: null }))
      .filter((position) => position.netQuantity !== 0);
  }

  /** Cash: the starting cash less what buys cost and plus what sales brought, less commissions. */
  async cash(startingCash: Money): Promise<Money> {
    const rows = await this.database.query<{ flow: string | null }>(
      `SELECT SUM(CASE WHEN side = 'BUY' THEN -(price * quantity) ELSE price * quantity END - commission)::text AS flow
       FROM paper_venue_executions WHERE venue = $1`,
      [this.venue],
    );
    const flow = rows[0]?.flow;
    return flow ? startingCash.add(Money.of(flow)) : startingCash;
  }
}
