// Stores orders (upsert of the whole row at each change) and reads them back as records.
import type {
  AccountId,
  Order,
  OrderFilter,
  OrderId,
  OrderRecord,
  OrderRepository,
  OrderStatus,
  StrategyId,
  Ticker,
} from '@ats/core';
import { orderStatuses, terminalStatuses } from '@ats/core';
import type { Database, Row } from '../database.js';
import { millisecondsOf, millisecondsOrNull, moneyOf, priceOrNull } from '../sql-values.js';
import { orderColumns, orderRowValues, orderUpsertTail, placeholders } from './order-row.js';

const openStatuses = orderStatuses.filter((status) => !terminalStatuses.has(status));

function recordOf(row: Row): OrderRecord {
  return {
    id: row.id as OrderId,
    accountId: row.account_id as AccountId,
    symbol: row.symbol as Ticker,
    orderType: row.order_type as OrderRecord['orderType'],
    side: row.side as OrderRecord['side'],
    quantity: Number(row.quantity),
    filledQuantity: Number(row.filled_quantity),
    price: priceOrNull(row.price),
    stopPrice: priceOrNull(row.stop_price),
    averageFillPrice: priceOrNull(row.avg_fill_price),
    status: row.status as OrderStatus,
    statusReason: (row.status_reason as string | null) ?? null,
    timeInForce: row.time_in_force as OrderRecord['timeInForce'],
    strategyId: row.strategy_id as StrategyId,
    signalId: (row.signal_id as string | null) ?? null,
    riskAssessmentId: (row.risk_assessment_id as string | null) ?? null,
    createdAt: millisecondsOf(row.created_at),
    updatedAt: millisecondsOf(row.updated_at),
    expiresAt: millisecondsOrNull(row.expires_at),
    venueOrderId: (row.venue_order_id as string | null) ?? null,
    commission: moneyOf(row.commission ?? '0'),
    origin: (row.origin as OrderRecord['origin']) ?? 'strategy',
    orderListId: (row.order_list_id as string | null) ?? null,
    parentOrderId: (row.parent_order_id as OrderId | null) ?? null,
  };
}

const selectColumns = `id, account_id, symbol, order_type, side, quantity, filled_quantity, price::text AS price,
  stop_price::text AS stop_price, avg_fill_price::text AS avg_fill_price, status, status_reason, time_in_force,
  strategy_id, signal_id, risk_assessment_id, created_at, updated_at, expires_at, venue_order_id,
  commission::text AS commission, origin, order_list_id, parent_order_id`;

export class SqlOrderRepository implements OrderRepository {
  constructor(private readonly database: Database) {}

  async saveOrder(order: Order): Promise<void> {
    await this.database.query(
      `INSERT INTO orders (${orderColumns.join(', ')}) VALUES ${placeholders(1, orderColumns.length)} ${orderUpsertTail}`,
      orderRowValues(order),
    );
  }

  async findOrder(id: OrderId): Promise<OrderRecord | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows = await this.database.query(`SELECT ${selectColumns} FROM orders WHERE id = $1`, [id]);
    return rows[0] ? recordOf(rows[0]) : null;
  }

  async listOrders(filter: OrderFilter = {}): Promise<OrderRecord[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (filter.symbol) {
      parameters.push(filter.symbol);
      conditions.push(`symbol = $${parameters.length}`);
    }
    if (filter.status) {
      parameters.push(filter.status);
      conditions.push(`status = $${parameters.length}`);
    }
    if (filter.strategyId) {
      parameters.push(filter.strategyId);
      conditions.push(`strategy_id = $${parameters.length}`);
    }
    if (filter.accountId) {
      parameters.push(filter.accountId);
      conditions.push(`account_id = $${parameters.length}`);
    }
    if (filter.openOnly) {
      parameters.push(openStatuses);
      conditions.push(`status = ANY($${parameters.length})`);
    }
    parameters.push(filter.limit ?? 1000);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.database.query(
      `SELECT ${selectColumns} FROM orders ${where} ORDER BY created_at DESC, id LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map(recordOf);
  }
}
