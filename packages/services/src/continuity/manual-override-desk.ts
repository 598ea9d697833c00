// The manual override mode of an account: while it is on, the Risk Manager refuses every strategy's
// signal (RISK_MANUAL_OVERRIDE) and still assesses operators' orders. A change is stored first (so a
// restart keeps it), then applied to the risk engine, then published for the audit trail (a
// RiskLimitChanged of kind manual-override) and to stakeholders (a continuity notification).
import {
  type AccountId,
  type Clock,
  type IdGenerator,
  type MessageBus,
  type RiskLimitChanged,
  topics,
} from '@ats/core';
import type { RiskEngine } from '@ats/engine';
import type { SqlContinuityStore } from '@ats/persistence';
import { notifyContinuity } from './continuity-notification.js';

export interface ManualOverrideState {
  readonly on: boolean;
  readonly reason: string | null;
  readonly changedBy: string | null;
  readonly changedAt: string | null;
}

export interface ManualOverrideDeskOptions {
  readonly risk: RiskEngine;
  readonly store: SqlContinuityStore;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly accountId: AccountId;
}

export class ManualOverrideDesk {
  private state: ManualOverrideState = { on: false, reason: null, changedBy: null, changedAt: null };

  constructor(private readonly options: ManualOverrideDeskOptions) {}

  /** Loads the stored mode into the engine (at start, before signals are taken). */
  async restore(): Promise<void> {
    const stored = await this.options.store.tradingMode();
    if (!stored) return;
    this.state = {
      on: stored.manualOverride,
      reason: stored.reason,
      changedBy: stored.changedBy,
      changedAt: stored.changedAt,
    };
    this.options.risk.setManualOverride(stored.manualOverride ? stored.reason : null);
  }

  current(): ManualOverrideState {
    return this.state;
  }

  async set(on: boolean, reason: string, changedBy: string): Promise<ManualOverrideState> {
    const { risk, store, bus, clock, ids, accountId } = this.options;
    const previous = this.state.on;
    await store.setManualOverride(on, reason, changedBy);
    risk.setManualOverride(on ? reason : null);
    this.state = { on, reason, changedBy, changedAt: new Date().toISOString() };
    const now = clock.now();
    const event: RiskLimitChanged = {
      type: 'RiskLimitChanged',
      id: ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      accountId,
      kind: 'manual-override',
      scope: 'account',
      scopeId: accountId,
      key: 'manual_override',
      previous: previous ? 'on' : null,
      value: on ? 'on' : null,
      reason,
      changedBy,
    };
    bus.publish(topics.riskLimits, event);
    notifyContinuity(
      bus,
      ids,
      on ? 'manual-override-on' : 'manual-override-off',
      on ? `Manual override ON (account ${accountId})` : `Manual override OFF (account ${accountId})`,
      on
        ? `Only manual orders are accepted; strategies' signals are refused. By ${changedBy}: ${reason}`
        : `Strategies trade again. By ${changedBy}: ${reason}`,
    );
    return this.state;
  }
}
