// Encodes platform events to JSON text and back, restoring fixed-point values by field name.
import { InvalidInputError } from '../errors/ats-error.js';
import type { PlatformEvent, PlatformEventType } from '../events/platform-event.js';
import { Money } from '../values/money.js';
import { Price } from '../values/price.js';
import { Quantity } from '../values/quantity.js';

/**
 * Field names are typed the same way in every event, so decoding needs no per-event schema:
 * these names hold prices, these money, these whole quantities. A new event must keep to them.
 */
const priceFields = new Set([
  'bid',
  'ask',
  'last',
  'open',
  'high',
  'low',
  'close',
  'adjustedClose',
  'limitPrice',
  'stopPrice',
  'lastPrice',
  'referencePrice',
  'averageCost',
  'marketPrice',
]);
const moneyFields = new Set([
  'commission',
  'cash',
  'equity',
  'realizedPnl',
  'unrealizedPnl',
  'commissions',
  'marketValue',
]);
const quantityFields = new Set(['quantity', 'lastQuantity']);

const eventTypes: ReadonlySet<PlatformEventType> = new Set<PlatformEventType>([
  'QuoteReceived',
  'BarClosed',
  'SignalGenerated',
  'SignalApproved',
  'SignalRejected',
  'OrderInitialized',
  'OrderDenied',
  'OrderSubmitted',
  'OrderAccepted',
  'OrderRejected',
  'OrderTriggered',
  'OrderPendingCancel',
  'OrderCancelRejected',
  'OrderPendingUpdate',
  'OrderUpdated',
  'OrderModifyRejected',
  'OrderCanceled',
  'OrderExpired',
  'OrderFilled',
  'PortfolioUpdated',
  'RiskAlertRaised',
  'HealthReported',
  'NotificationRaised',
  'MarketSessionChanged',
  'TradingHaltChanged',
  'OrderRequested',
  'ReconciliationDifferenceFound',
  'RiskLimitChanged',
  'SecurityEventRecorded',
]);

export function encodeEvent(event: PlatformEvent): string {
  return JSON.stringify(event);
}

function revive(key: string, value: unknown): unknown {
  if (value === null) return null;
  if (priceFields.has(key) && typeof value === 'string') return Price.of(value, key);
  if (moneyFields.has(key) && typeof value === 'string') return Money.of(value, key);
  if (quantityFields.has(key) && typeof value === 'number') return Quantity.parse(value, key);
  return value;
}

/** Decodes JSON text into an event; throws InvalidInputError naming what is wrong. */
export function decodeEvent(text: string): PlatformEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, revive);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError('message', `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidInputError('message', 'not an object');
  const record = parsed as Record<string, unknown>;
  if (typeof record.type !== 'string' || !eventTypes.has(record.type as PlatformEventType)) {
    throw new InvalidInputError('type', `unknown event type '${String(record.type)}'`, record.type);
  }
  if (typeof record.id !== 'string')
    throw new InvalidInputError('id', 'an event needs a string id', record.id);
  return parsed as PlatformEvent;
}
