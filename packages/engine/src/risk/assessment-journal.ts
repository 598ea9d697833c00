// The assessment journal port: stores the risk manager's decisions and publishes them once stored.
import { type MessageBus, type SignalApproved, type SignalRejected, topics } from '@ats/core';
import type { MaybePromise } from '../execution/maybe-async.js';

export interface AssessmentJournal {
  /**
   * Stores the decision (the risk_assessments row and its event in the outbox) and publishes it:
   * approvals on orders.approved, rejections on risk.assessments. False when it was already stored.
   */
  record(decision: SignalApproved | SignalRejected): MaybePromise<boolean>;
}

/** The topic a decision is published on. */
export function topicOfDecision(decision: SignalApproved | SignalRejected): string {
  return decision.type === 'SignalApproved' ? topics.ordersApproved : topics.riskAssessments;
}

/** Backtests and tests: publishes at once, stores nothing. */
export class PublishingAssessmentJournal implements AssessmentJournal {
  constructor(private readonly bus: MessageBus) {}

  record(decision: SignalApproved | SignalRejected): boolean {
    this.bus.publish(topicOfDecision(decision), decision);
    return true;
  }
}
