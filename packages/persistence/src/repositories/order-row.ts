// The orders table row of an Order: its columns and values, shared by the repository and the journal.
import type { Order } from '@ats/core';
import { fitDecimal, timestampText } from '../sql-values.js';

export const orderColumns = [
  'id',
  'account_id',
  'symbol',
  'order_type',
  'side',
  'quantity',
  'price',
  'stop_price',
  'status',
  'time_in_force',
  'strategy_id',
  'signal_id',
  'risk_assessment_id',
  'created_at',
  'updated_at',
  'expires_at',
  'filled_quantity',
  'avg_fill_price',
  'status_reason',
  'venue_order_id',
  'commission',
  'trailing_amount',
  'trailing_basis_points',
  'order_list_id',
  'parent_order_id',
  'contingency',
  'origin',
] as const;

/** The PostgreSQL array type of each column, in `orderColumns` order (bulk writes go through unnest). */
export const orderColumnTypes = [
  'uuid',
  'text',
  'text',
  'text',
  'text',
  'int',
  'numeric',
  'numeric',
  'text',
  'text',
  'text',
  'uuid',
  'uuid',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'int',
  'numeric',
  'text',
  'text',
  'numeric',
  'numeric',
  'int',
  'text',
  'uuid',
  'text',
  'text',
] as const;

/**
 * `SELECT * FROM unnest($1::type[], ...)` and its parameters: one array per column, whatever the number
 * of rows. PostgreSQL parses a few arrays much faster than thousands of placeholders.
 */
export function unnestRows(
  rows: readonly (readonly unknown[])[],
  types: readonly string[],
): { readonly select: string; readonly parameters: unknown[][] } {
  const parameters: unknown[][] = types.map(() => []);
  for (const row of rows)
    for (let column = 0; column < types.length; column++) parameters[column]?.push(row[column] ?? null);
  const select = `SELECT * FROM unnest(${types.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})`;
  return { select, parameters };
}

/** Columns a later state of the order changes (terms may change through a cancel-replace). */
export const orderMutableColumns = [
  'quantity',
  'price',
  'stop_price',
  'status',
  'updated_at',
  'filled_quantity',
  'avg_fill_price',
  'status_reason',
  'venue_order_id',
  'commission',
] as const;

/** The row's values in `orderColumns` order, captured now (the Order keeps changing afterwards). */
export function orderRowValues(order: Order): unknown[] {
  const trailing = order.trailingOffset;
  return [
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
    order.venueOrderId,
    fitDecimal(order.commission, 15, 'orders.commission'),
    trailing?.unit === 'price' ? fitDecimal(trailing.amount, 12, 'orders.trailing_amount') : null,
    trailing?.unit === 'basis-points' ? trailing.basisPoints : null,
    order.orderListId,
    order.parentOrderId,
    order.contingency,
    order.origin,
  ];
}

/** `($1,$2,...),($n,...)` placeholders for `rows` rows of `width` values. */
export function placeholders(rows: number, width: number, offset = 0): string {
  const tuples: string[] = [];
  let index = offset;
  for (let row = 0; row < rows; row++) {
    const cells: string[] = [];
    for (let column = 0; column < width; column++) cells.push(`$${++index}`);
    tuples.push(`(${cells.join(',')})`);
  }
  return tuples.join(',');
}

export const orderUpsertTail = `ON CONFLICT (id) DO UPDATE SET ${orderMutableColumns
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ')}`;
