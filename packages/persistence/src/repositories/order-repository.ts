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
import { fitDecimal, millisecondsOf, millisecondsOrNull, priceOrNull, timestampText } from '../sql-values.js';

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
  };
}

const selectColumns = `id, account_id, symbol, order_type, side, quantity, filled_quantity, price::text AS price,
  stop_price::text AS stop_price, avg_fill_price::text AS avg_fill_price, status, status_reason, time_in_force,
  strategy_id, signal_id, risk_assessment_id, created_at, updated_at, expires_at`;

export class SqlOrderRepository implements OrderRepository {
  constructor(private readonly database: Database) {}

  async saveOrder(order: Order): Promise<void> {
    await this.database.query(
      `INSERT INTO orders (id, account_id, symbol, order_type, side, quantity, price, stop_price, status, time_in_force,
         strategy_id, signal_id, risk_assessment_id, created_at, updated_at, expires_at, filled_quantity, avg_fill_price, status_reason)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at,
         filled_quantity = EXCLUDED.filled_quantity, avg_fill_price = EXCLUDED.avg_fill_price,
         status_reason = EXCLUDED.status_reason`,
      [
        order.id,
        order.accountId,
        order.symbol,
        order.type,
        order.side,
        order.quantity.value,
        order.limitPrice ? fitDecimal(order.limitPrice, 12, 'orders.price') : null,
        order.stopPrice ? fitDecimal(order.stopPrice, 12, 'orders.stop_price') : null,
        order.status,
        order.timeInForce,
        order.strategyId,
        order.signalId,
        order.riskAssessmentId,
        timestampText(order.createdAt),
        timestampText(order.updatedAt),
        order.expiresAt === null ? null : timestampText(order.expiresAt),
        order.filledQuantity.value,
        order.averageFillPrice?.toString() ?? null,
        order.statusReason,
      ],
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
