// The trades table row of a fill: its columns and values, shared by the repository and the journal.
import type { Money, OrderFilled } from '@ats/core';
import { fitDecimal, timestampText } from '../sql-values.js';

export const tradeColumns = [
  'id',
  'order_id',
  'account_id',
  'symbol',
  'side',
  'quantity',
  'executed_price',
  'commission',
  'executed_at',
  'venue',
  'strategy_id',
  'pnl',
  'execution_id',
] as const;

/** The PostgreSQL array type of each column, in `tradeColumns` order. */
export const tradeColumnTypes = [
  'uuid',
  'uuid',
  'text',
  'text',
  'text',
  'int',
  'numeric',
  'numeric',
  'timestamptz',
  'text',
  'text',
  'numeric',
  'text',
] as const;

export function tradeRowValues(fill: OrderFilled, realizedPnl: Money | null): unknown[] {
  return [
    fill.tradeId,
    fill.orderId,
    fill.accountId,
    fill.symbol,
    fill.side,
    fill.lastQuantity.value,
    fitDecimal(fill.lastPrice, 12, 'trades.executed_price'),
    fitDecimal(fill.commission, 15, 'trades.commission'),
    timestampText(fill.occurredAt),
    venueColumn(fill.venue),
    fill.strategyId,
    realizedPnl ? fitDecimal(realizedPnl, 15, 'trades.pnl') : null,
    fill.executionId,
  ];
}

/** The venue as the VARCHAR(20) column holds it: the key of (venue, execution id) must match on read. */
export function venueColumn(venue: string): string {
  return venue.slice(0, 20);
}
