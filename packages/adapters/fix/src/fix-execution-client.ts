// The FIX 4.4 broker adapter behind the ExecutionClient port: sends orders, cancels and replaces over
// one initiator session, turns the counterparty's reports and refusals into order events, and answers
// reconciliation from status requests where the counterparty supports them and from its journal.
import { join } from 'node:path';
import {
  AtsError,
  type Clock,
  type ExecutionClient,
  type IdGenerator,
  type Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenuePosition,
} from '@ats/core';
import { ExecutionJournal } from './execution-journal.js';
import { type ExecutionReportFields, readExecutionReport } from './execution-report-fields.js';
import { executionReportEvents, type OrderEventBody } from './execution-report-mapping.js';
import type { SessionReject } from './fix-initiator-session.js';
import type { IFixSessionStoreFactory, MsgView } from './fix-library.js';
import { FixSessionLink, type LinkState } from './fix-session-link.js';
import type { FixSettings } from './fix-settings.js';
import {
  type FixRequest,
  msgTypes,
  newOrderSingle,
  orderCancelReplaceRequest,
  orderCancelRequest,
  orderMassStatusRequest,
  orderStatusRequest,
} from './order-messages.js';
import { cancelRejectEvent, readBusinessReject, readCancelReject } from './reject-messages.js';
import { businessRejectMessage, sessionRejectMessage } from './reject-reasons.js';
import { StatusRequests } from './status-requests.js';

export interface FixExecutionClientOptions {
  readonly settings: FixSettings;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Where the session's sequence numbers live; a file store under settings.stateDirectory by default. */
  readonly sequenceStore?: IFixSessionStoreFactory;
  /** Receives every FIX message as text, both ways, and the session's state changes. */
  readonly log?: (line: string) => void;
}

/** A request we sent, by its MsgSeqNum, so a Reject or BusinessMessageReject can find what it refused. */
interface SentRequest {
  readonly msgType: string;
  readonly orderId: OrderId | null;
  readonly statusRequestId: string | null;
}

export class FixExecutionClient implements ExecutionClient {
  private static readonly sentRequestsKept = 10_000;
  readonly venue: string;
  private handler: ((event: OrderEvent) => void) | null = null;
  private readonly settings: FixSettings;
  private readonly journal: ExecutionJournal;
  private readonly link: FixSessionLink;
  private readonly sent = new Map<number, SentRequest>();
  private readonly statusRequests: StatusRequests;

  constructor(private readonly options: FixExecutionClientOptions) {
    this.settings = options.settings;
    this.venue = options.settings.venue;
    this.statusRequests = new StatusRequests(options.settings.statusRequestTimeoutMs);
    this.journal = ExecutionJournal.open(
      join(
        this.settings.stateDirectory,
        `${this.settings.senderCompId}-${this.settings.targetCompId}.journal.jsonl`,
      ),
    );
    this.link = new FixSessionLink(
      this.settings,
      {
        onApplicationMessage: (msgType, view) => this.applicationMessage(msgType, view),
        onSessionReject: (reject) => this.sessionReject(reject),
        onStateChange: (state, error) => this.log(`session ${state}${error ? `: ${error.message}` : ''}`),
        onWire: (direction, text) => this.log(`${direction === 'in' ? '<-' : '->'} ${text}`),
      },
      ...(options.sequenceStore === undefined ? [] : [options.sequenceStore]),
    );
  }

  /** The session's state: idle, connecting, logged-on, reconnecting or stopped. */
  get sessionState(): LinkState {
    return this.link.state;
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }

  connect(): Promise<void> {
    return this.link.start();
  }

  disconnect(): Promise<void> {
    return this.link.stop();
  }

  /** Resolves once the session is logged on again (after a reconnect); BROKER_UNAVAILABLE on timeout. */
  waitForLogon(timeoutMs: number): Promise<void> {
    return this.link.waitForLogon(timeoutMs);
  }

  /** Drops the TCP connection without a Logout (operations and tests); the session reconnects itself. */
  dropConnection(): void {
    this.link.dropConnection();
  }

  async submitOrder(order: Order): Promise<void> {
    this.requireLoggedOn('NewOrderSingle');
    // Idempotent by client order id: an order the venue has answered is never sent again; one that was
    // journaled but may not have left (a crash or drop mid-send) goes again flagged PossResend.
    if (this.journal.venueAnswered(order.id)) return;
    const resend = this.journal.knowsOrder(order.id);
    const request = newOrderSingle(order, this.now(), this.settings.account, resend);
    if (!request.supported) {
      this.emit(order.id, {
        type: 'OrderRejected',
        reasonCode: 'ORDER_REJECTED_BY_VENUE',
        reason: request.reason,
      });
      return;
    }
    if (!resend) this.journal.recordOrder(order, this.options.clock.now());
    await this.send(request, order.id, null);
  }

  async cancelOrder(order: Order): Promise<void> {
    this.requireLoggedOn('OrderCancelRequest');
    const cancelId = `${order.id}.C${this.journal.requestCount(order.id) + 1}`;
    const request = orderCancelRequest(
      order,
      cancelId,
      this.journal.currentClOrdId(order.id),
      this.now(),
      this.settings.account,
    );
    this.journal.recordRequest(cancelId, order.id, 'cancel', this.options.clock.now());
    await this.send(request, order.id, null);
  }

  async replaceOrder(order: Order, replacement: OrderReplacement): Promise<void> {
    this.requireLoggedOn('OrderCancelReplaceRequest');
    const replaceId = `${order.id}.R${this.journal.requestCount(order.id) + 1}`;
    const request = orderCancelReplaceRequest(
      order,
      replacement,
      replaceId,
      this.journal.currentClOrdId(order.id),
      this.now(),
      this.settings.account,
    );
    if (!request.supported) {
      this.emit(order.id, { type: 'OrderModifyRejected', reason: request.reason });
      return;
    }
    this.journal.recordRequest(replaceId, order.id, 'replace', this.options.clock.now());
    await this.send(request, order.id, null);
  }

  /**
   * Asks the counterparty (OrderStatusRequest) when the session is up, then answers from the journal,
   * which the answer has updated. Null when neither the journal nor the counterparty knows the order.
   */
  async orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    const known = this.journal.orderReport(orderId);
    if (known === null) return null;
    if (this.link.state === 'logged-on') {
      const requestId = this.options.ids.uuid();
      const answer = this.statusRequests.expect(requestId);
      const request = orderStatusRequest(
        {
          clOrdId: this.journal.currentClOrdId(orderId),
          venueOrderId: known.venueOrderId === '' ? null : known.venueOrderId,
          symbol: known.symbol,
          side: known.side,
        },
        requestId,
      );
      await this.send(request, orderId, requestId).catch(() => this.statusRequests.finish(requestId));
      const { unknown } = await answer;
      if (unknown && !this.journal.venueAnswered(orderId)) return null;
    }
    return this.journal.orderReport(orderId);
  }

  /** Asks for every order's status (OrderMassStatusRequest) when possible, then answers from the journal. */
  async openOrders(): Promise<VenueOrderReport[]> {
    if (this.link.state === 'logged-on') {
      const requestId = this.options.ids.uuid();
      const answer = this.statusRequests.expect(requestId);
      await this.send(orderMassStatusRequest(requestId), null, requestId).catch(() =>
        this.statusRequests.finish(requestId),
      );
      await answer;
    }
    return this.journal.openOrders();
  }

  /** From the journal: FIX 4.4 has no query for past executions; missed reports arrive by resend. */
  async executionsSince(since: number): Promise<VenueExecution[]> {
    return this.journal.executionsSince(since);
  }

  /** From the journal: the net of the executions this adapter recorded, not the account's full book. */
  async positions(): Promise<VenuePosition[]> {
    return this.journal.positions();
  }

  async account(): Promise<VenueAccount> {
    throw new AtsError(
      'NOT_FOUND',
      'a FIX 4.4 order session carries no cash or buying power; take them from the broker’s account API',
      { details: { venue: this.venue } },
    );
  }

  private requireLoggedOn(what: string): void {
    if (this.link.state !== 'logged-on') {
      throw new AtsError('BROKER_UNAVAILABLE', `FIX session is ${this.link.state}; ${what} not sent`, {
        details: { venue: this.venue },
      });
    }
  }

  private async send(
    request: FixRequest,
    orderId: OrderId | null,
    statusRequestId: string | null,
  ): Promise<void> {
    if (!request.supported) return;
    const seqNum = await this.link.send(request.msgType, request.body);
    this.sent.set(seqNum, { msgType: request.msgType, orderId, statusRequestId });
    // A refusal follows its request closely; only the most recent requests are kept to match one.
    if (this.sent.size > FixExecutionClient.sentRequestsKept) {
      const oldest = this.sent.keys().next();
      if (oldest.done !== true) this.sent.delete(oldest.value);
    }
  }

  private applicationMessage(msgType: string, view: MsgView): void {
    try {
      switch (msgType) {
        case msgTypes.executionReport:
          this.executionReport(readExecutionReport(view));
          return;
        case msgTypes.orderCancelReject:
          this.cancelReject(view);
          return;
        case msgTypes.businessMessageReject:
          this.businessReject(view);
          return;
        default:
          this.log(`ignored application message 35=${msgType}`);
      }
    } catch (error) {
      // A malformed message must not break the session: it is logged and stays in the FIX log.
      this.log(`could not handle 35=${msgType}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private executionReport(report: ExecutionReportFields): void {
    if (report.execType === 'I') {
      this.statusAnswer(report);
      return;
    }
    // A report resent after a gap (PossDupFlag) or twice by the venue is recorded and emitted once.
    if (this.journal.hasReport(report.execId)) {
      this.log(`duplicate ExecutionReport ExecID=${report.execId} ignored`);
      return;
    }
    const orderId = this.journal.orderOfReport(report);
    if (orderId !== null && report.execType === '8' && report.ordRejReason === '6') {
      // "Duplicate order" answers a second send (PossResend) of an order the venue already has: the
      // original stands, so this refusal must not reject it.
      this.log(`duplicate ClOrdID refusal for ${orderId} ignored: the venue already holds the order`);
      return;
    }
    const order = orderId === null ? null : this.journal.reportedOrder(orderId);
    // The events are computed before the report is recorded: whether the order was accepted yet is
    // part of what the report means.
    const events = order === null ? [] : executionReportEvents(report, order, this.venue);
    this.journal.recordReport(report, this.options.clock.now());
    if (orderId === null) {
      this.log(
        `ExecutionReport for an order not sent by ATS (OrderID=${report.orderId}) recorded as external`,
      );
      return;
    }
    for (const event of events) this.emit(orderId, event, report.transactTime);
  }

  private statusAnswer(report: ExecutionReportFields): void {
    const requestId = report.ordStatusReqId ?? report.massStatusReqId;
    // OrdStatus 8 with OrdRejReason 5: the venue does not know the order; nothing to record.
    if (report.ordStatus === '8' && report.ordRejReason === '5') {
      if (requestId !== null) this.statusRequests.markUnknown(requestId);
    } else {
      this.journal.recordReport(report, this.options.clock.now());
    }
    if (requestId !== null && (report.ordStatusReqId !== null || report.lastReportRequested)) {
      this.statusRequests.finish(requestId);
    }
  }

  private cancelReject(view: MsgView): void {
    const fields = readCancelReject(view);
    const link = this.journal.link(fields.clOrdId) ?? this.journal.link(fields.origClOrdId);
    if (link === null) {
      this.log(`OrderCancelReject for unknown ClOrdID=${fields.clOrdId ?? ''}`);
      return;
    }
    const purpose = link.purpose === 'order' ? null : link.purpose;
    this.emit(link.orderId, cancelRejectEvent(fields, purpose));
  }

  private businessReject(view: MsgView): void {
    const fields = readBusinessReject(view);
    const request = fields.refSeqNum === null ? undefined : this.sent.get(fields.refSeqNum);
    this.requestRefused(request, businessRejectMessage(fields.reasonCode, fields.text), fields.refMsgType);
  }

  private sessionReject(reject: SessionReject): void {
    const request = reject.refSeqNum === null ? undefined : this.sent.get(reject.refSeqNum);
    const reason = sessionRejectMessage(
      reject.reason === null ? null : String(reject.reason),
      reject.text,
      reject.refTagId,
    );
    this.requestRefused(request, reason, reject.refMsgType);
  }

  /** A Reject or BusinessMessageReject refused one of our requests: tell its order, or its waiter. */
  private requestRefused(request: SentRequest | undefined, reason: string, refMsgType: string | null): void {
    if (request === undefined) {
      this.log(`the venue refused a message (35=${refMsgType ?? '?'}) not sent in this process: ${reason}`);
      return;
    }
    if (request.statusRequestId !== null) {
      this.log(`status request refused, answering from the journal: ${reason}`);
      this.statusRequests.finish(request.statusRequestId);
      return;
    }
    if (request.orderId === null) return;
    switch (request.msgType) {
      case msgTypes.newOrderSingle:
        this.journal.recordRefusal(request.orderId, reason, this.options.clock.now());
        this.emit(request.orderId, { type: 'OrderRejected', reasonCode: 'ORDER_REJECTED_BY_VENUE', reason });
        return;
      case msgTypes.orderCancelRequest:
        this.emit(request.orderId, { type: 'OrderCancelRejected', reason });
        return;
      case msgTypes.orderCancelReplaceRequest:
        this.emit(request.orderId, { type: 'OrderModifyRejected', reason });
        return;
    }
  }

  private emit(orderId: OrderId, body: OrderEventBody, occurredAt: number | null = null): void {
    const now = this.options.clock.now();
    const event = {
      ...body,
      id: this.options.ids.eventId(),
      occurredAt: occurredAt ?? now,
      receivedAt: now,
      causationId: null,
      orderId,
    } as OrderEvent;
    if (this.handler === null) {
      this.log(`no receiver registered; ${event.type} of ${orderId} is only in the journal`);
      return;
    }
    this.handler(event);
  }

  private now(): Date {
    return new Date(this.options.clock.now());
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
