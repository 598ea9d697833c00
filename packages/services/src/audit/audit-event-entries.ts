// Turns the bus events the audit trail keeps (orders, fills, risk decisions, halts, operator requests)
// into audit entries: small, plain and cheap to build, since this runs on the order path in one process.
import type { PlatformEvent } from '@ats/core';
import type { AuditEntry } from './audit-record.js';

const system = { kind: 'system', id: 'trading-pipeline' } as const;

/** The entry for an event, or null for events the trail does not keep (quotes, bars, health). */
export function auditEntryOfEvent(event: PlatformEvent, source: string): AuditEntry | null {
  switch (event.type) {
    case 'OrderFilled':
      return {
        occurredAt: event.occurredAt,
        actor: system,
        action: 'order.OrderFilled',
        object: event.orderId,
        source,
        outcome: 'success',
        detail: {
          eventId: event.id,
          tradeId: event.tradeId,
          accountId: event.accountId,
          strategyId: event.strategyId,
          symbol: event.symbol,
          side: event.side,
          quantity: event.lastQuantity.toString(),
          price: event.lastPrice.toString(),
          commission: event.commission.toString(),
          venue: event.venue,
          executionId: event.executionId,
        },
      };
    case 'OrderInitialized':
      return {
        occurredAt: event.occurredAt,
        actor: system,
        action: 'order.OrderInitialized',
        object: event.orderId,
        source,
        outcome: 'success',
        detail: {
          eventId: event.id,
          accountId: event.accountId,
          strategyId: event.strategyId,
          symbol: event.symbol,
          side: event.side,
          orderType: event.orderType,
          quantity: event.quantity.toString(),
          limitPrice: event.limitPrice?.toString() ?? null,
          riskAssessmentId: event.riskAssessmentId,
        },
      };
    case 'OrderDenied':
    case 'OrderRejected':
    case 'OrderCancelRejected':
    case 'OrderModifyRejected':
      return {
        occurredAt: event.occurredAt,
        actor: system,
        action: `order.${event.type}`,
        object: event.orderId,
        source,
        outcome: 'denied',
        detail: { eventId: event.id, reason: event.reason },
      };
    case 'OrderSubmitted':
    case 'OrderAccepted':
    case 'OrderTriggered':
    case 'OrderPendingCancel':
    case 'OrderPendingUpdate':
    case 'OrderUpdated':
    case 'OrderCanceled':
    case 'OrderExpired':
      return {
        occurredAt: event.occurredAt,
        actor: system,
        action: `order.${event.type}`,
        object: event.orderId,
        source,
        outcome: 'success',
        detail: { eventId: event.id },
      };
    case 'SignalApproved':
      return {
        occurredAt: event.occurredAt,
        actor: { kind: 'system', id: 'risk-manager' },
        action: 'risk.SignalApproved',
        object: event.assessmentId,
        source,
        outcome: 'success',
        detail: {
          eventId: event.id,
          signalId: event.signalId,
          strategyId: event.strategyId,
          symbol: event.symbol,
          side: event.side,
          quantity: event.quantity.toString(),
        },
      };
    case 'SignalRejected':
      return {
        occurredAt: event.occurredAt,
        actor: { kind: 'system', id: 'risk-manager' },
        action: 'risk.SignalRejected',
        object: event.assessmentId,
        source,
        outcome: 'denied',
        detail: {
          eventId: event.id,
          signalId: event.signalId,
          reasonCode: event.reasonCode,
          reason: event.reason,
        },
      };
    case 'TradingHaltChanged':
      return {
        occurredAt: event.occurredAt,
        actor: { kind: 'system', id: 'risk-manager' },
        action: event.halted ? 'risk.trading_halted' : 'risk.trading_resumed',
        object: `${event.accountId}/${event.symbol}`,
        source,
        outcome: 'success',
        detail: { eventId: event.id, reason: event.reason },
      };
    case 'OrderRequested':
      return {
        occurredAt: event.occurredAt,
        actor: { kind: 'user', id: event.requestedBy },
        action: 'order.requested',
        object: event.requestId,
        source,
        outcome: 'success',
        detail: {
          eventId: event.id,
          accountId: event.accountId,
          symbol: event.symbol,
          side: event.side,
          quantity: event.quantity.toString(),
          orderType: event.orderType,
          reduceOnly: event.reduceOnly,
        },
      };
    default:
      return null;
  }
}
