// Operators' orders: a request is stored in the outbox and goes through the Risk Manager like any
// signal; the desk answers with the order it became, the risk rejection, or "pending" after a wait.
import {
  type AccountId,
  type Clock,
  deriveUuid,
  type IdGenerator,
  type MessageBus,
  type Order,
  type OrderId,
  type OrderRequested,
  type OrderSide,
  type OrderType,
  type Price,
  type Quantity,
  type SignalId,
  type Subscription,
  type Ticker,
  type TimeInForce,
  topics,
} from '@ats/core';
import { type ExecutionEngine, orderIdOfApproval } from '@ats/engine';
import type { OutboxRelay } from '@ats/persistence';
import { currentCorrelationId } from '../logging/correlation-context.js';

export interface ManualOrderInput {
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly orderType: OrderType;
  readonly limitPrice: Price | null;
  readonly stopPrice: Price | null;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  /** Present on a flatten: the symbol's working orders are canceled first (these are the ids known). */
  readonly cancelsFirst?: readonly OrderId[];
}

export type ManualOrderOutcome =
  | { readonly status: 'placed'; readonly requestId: string; readonly order: Order }
  | {
      readonly status: 'rejected';
      readonly requestId: string;
      readonly reasonCode: string;
      readonly reason: string;
    }
  | { readonly status: 'pending'; readonly requestId: string; readonly orderId: string };

export interface ManualOrderDeskOptions {
  readonly bus: MessageBus;
  /** Stores each request in its outbox and relays it (as trade-executor-requests). */
  readonly relay: OutboxRelay;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly accountId: AccountId;
  readonly execution: ExecutionEngine;
  /** How long a request waits for its order or its rejection before answering "pending". */
  readonly waitMilliseconds?: number;
}

export class ManualOrderDesk {
  private readonly rejections = new Map<string, { reasonCode: string; reason: string }>();
  private subscription: Subscription | null = null;

  constructor(private readonly options: ManualOrderDeskOptions) {}

  start(): void {
    this.subscription = this.options.bus.subscribe(
      topics.riskAssessments,
      (event) => {
        if (event.type !== 'SignalRejected' || event.strategyId !== 'manual') return;
        this.rejections.set(event.signalId, { reasonCode: event.reasonCode, reason: event.reason });
        // Remembered only while someone may wait for it.
        setTimeout(() => this.rejections.delete(event.signalId), 60_000).unref?.();
      },
      { group: 'trade-executor-manual' },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe();
  }

  /** Stores the request (durably, then it is relayed to risk) and waits for its outcome. */
  async request(input: ManualOrderInput, requestedBy: string): Promise<ManualOrderOutcome> {
    const { clock, ids, accountId, relay } = this.options;
    const now = clock.now();
    const requestId = ids.uuid() as SignalId;
    const correlationId = currentCorrelationId();
    const request: OrderRequested = {
      type: 'OrderRequested',
      id: ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      requestId,
      accountId,
      symbol: input.symbol,
      side: input.side,
      quantity: input.quantity,
      orderType: input.orderType,
      limitPrice: input.limitPrice,
      stopPrice: input.stopPrice,
      timeInForce: input.timeInForce,
      reduceOnly: input.reduceOnly,
      requestedBy,
      // The HTTP request's correlation id goes into the stored request, so the relay publishes it with
      // it whenever it runs (after a restart too) and the order's lines in every process carry it.
      ...(correlationId !== undefined ? { correlationId } : {}),
      ...(input.cancelsFirst ? { cancelsFirst: input.cancelsFirst } : {}),
    };
    // Stored and relayed by the requests' relay (its source, trade-executor-requests).
    await relay.transaction(async () => ({
      result: undefined,
      entries: [{ topics: [topics.ordersRequested], event: request }],
    }));
    // The order id is known in advance: it derives from the assessment, which derives from the request.
    const assessmentId = deriveUuid('assessment', accountId, requestId);
    const orderId = orderIdOfApproval(accountId, assessmentId);
    const deadline = Date.now() + (this.options.waitMilliseconds ?? 5_000);
    while (Date.now() < deadline) {
      const order = this.options.execution.order(orderId);
      if (order) return { status: 'placed', requestId, order };
      const rejection = this.rejections.get(requestId);
      if (rejection) return { status: 'rejected', requestId, ...rejection };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { status: 'pending', requestId, orderId };
  }
}
