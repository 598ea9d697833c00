// Changes to the Risk Manager's controls (limit overrides, the restricted list, the kill switch): each
// is validated, stored, applied to the risk engine and then published as a RiskLimitChanged event for
// the audit trail, in that order, so a change that was not stored is never in force. It also restores
// the stored controls and the day state at start, and stores the day state as it changes.
import {
  type AccountId,
  AtsError,
  type Clock,
  type IdGenerator,
  type MessageBus,
  Money,
  type RiskLimitChanged,
  type RiskLimitScope,
  topics,
} from '@ats/core';
import {
  type LimitOverride,
  limitKeyOf,
  type PreTradeLimitKey,
  parseLimitValue,
  preTradeLimitKeys,
  type RiskDayRecord,
  type RiskEngine,
} from '@ats/engine';
import type { SqlRiskControlStore } from '@ats/persistence';

export interface RiskControlDeskOptions {
  readonly risk: RiskEngine;
  readonly store: SqlRiskControlStore;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly accountId: AccountId;
  readonly onError: (error: unknown) => void;
}

const symbolPattern = /^[A-Z][A-Z0-9.\-/]{0,9}$/;
/** The least time between two stored rises of the high-water mark on the same day. */
const highWaterMarkWriteSpacingMilliseconds = 250;

/** The limit overrides as the API shows them: config names and numbers. */
export interface LimitOverrideView {
  readonly scope: RiskLimitScope;
  readonly scopeId: string;
  readonly key: string;
  readonly value: number;
}

export class RiskControlDesk {
  /** The day state write in flight and the newest state waiting behind it (latest wins). */
  private dayWrite: Promise<void> | null = null;
  private pendingDay: RiskDayRecord | null = null;

  constructor(private readonly options: RiskControlDeskOptions) {}

  /** Loads the stored overrides, restricted list, kill switch and day state into the engine. */
  async restore(): Promise<void> {
    const { risk, store } = this.options;
    for (const stored of await store.limitOverrides())
      risk.limitBook.set(stored.scope, stored.scopeId, limitKeyOf(stored.key), stored.value);
    for (const entry of await store.restrictedSymbols())
      risk.controls.restricted.set(entry.symbol, entry.reason);
    const kill = await store.killSwitch();
    if (kill?.halted) risk.halt(kill.reason);
    risk.restoreDayState(await store.dayState());
    // The day state after the restore (a new day, or today's as stored) is written before trading.
    const current = risk.dayState.current;
    if (current) await store.saveDayState(current);
  }

  /** The engine's onDayStateChange: one write at a time, the newest state written last. */
  saveDayState(record: RiskDayRecord): void {
    this.pendingDay = record;
    if (this.dayWrite) return;
    const next = async (): Promise<void> => {
      let written: RiskDayRecord | null = null;
      while (this.pendingDay) {
        // A rising high-water mark changes the state at every bar: such writes are spaced out (a crash
        // loses at most the last moment's rise); a new day is written at once.
        if (written && this.pendingDay.day === written.day)
          await new Promise((resolve) => setTimeout(resolve, highWaterMarkWriteSpacingMilliseconds));
        const state = this.pendingDay;
        this.pendingDay = null;
        await this.options.store.saveDayState(state);
        written = state;
      }
    };
    this.dayWrite = next()
      .catch((error) => this.options.onError(error))
      .finally(() => {
        this.dayWrite = null;
      });
  }

  /** Resolves once the day state writes started so far are done (stop, tests). */
  async idle(): Promise<void> {
    while (this.dayWrite) await this.dayWrite;
  }

  /** Today's risk day (its New York date), its start equity, the high-water mark and the loss so far. */
  dayStateView(): {
    day: string | null;
    dayStartEquity: string | null;
    highWaterMark: string | null;
    dayLoss: string | null;
  } {
    const { risk } = this.options;
    const record = risk.dayState.current;
    if (!record) return { day: null, dayStartEquity: null, highWaterMark: null, dayLoss: null };
    return {
      day: new Date(record.day * 86_400_000).toISOString().slice(0, 10),
      dayStartEquity: Money.fromRaw(record.dayStartEquityRaw).toString(),
      highWaterMark: Money.fromRaw(record.highWaterMarkRaw).toString(),
      dayLoss: Money.fromRaw(risk.dayState.dayLossRaw(risk.currentEquityRaw())).toString(),
    };
  }

  overrides(): LimitOverrideView[] {
    return this.options.risk.limitBook.overrides().map((entry: LimitOverride) => ({
      scope: entry.scope,
      scopeId: entry.scopeId,
      key: preTradeLimitKeys[entry.key].configKey,
      value: entry.value,
    }));
  }

  /**
   * Sets (a number) or clears (null) limits at one scope. Every key and value is validated before any
   * is stored, so a bad request changes nothing.
   */
  async setLimits(
    scope: RiskLimitScope,
    scopeIdInput: string | undefined,
    changes: Readonly<Record<string, unknown>>,
    reason: string,
    changedBy: string,
  ): Promise<void> {
    const scopeId = this.scopeIdOf(scope, scopeIdInput);
    const entries = Object.entries(changes);
    if (entries.length === 0)
      throw new AtsError('INVALID_INPUT', 'limits: name at least one limit to change');
    const parsed: { key: PreTradeLimitKey; configKey: string; value: number | null }[] = entries.map(
      ([configKey, value]) => {
        const key = limitKeyOf(configKey);
        return { key, configKey, value: value === null ? null : parseLimitValue(key, value) };
      },
    );
    const { risk, store } = this.options;
    for (const change of parsed) {
      await store.setLimitOverride(scope, scopeId, change.configKey, change.value, changedBy);
      const previous = risk.limitBook.set(scope, scopeId, change.key, change.value);
      this.publish('limit', scope, scopeId, change.configKey, previous, change.value, reason, changedBy);
    }
  }

  async restrict(symbol: string, reason: string, changedBy: string): Promise<void> {
    this.checkSymbol(symbol);
    const { risk, store } = this.options;
    const previous = risk.controls.restricted.has(symbol) ? 'restricted' : null;
    await store.restrict(symbol, reason, changedBy);
    risk.controls.restricted.set(symbol, reason);
    this.publish('restricted-list', 'symbol', symbol, symbol, previous, 'restricted', reason, changedBy);
  }

  /** Takes a symbol off the list; false when it was not on it. */
  async unrestrict(symbol: string, reason: string, changedBy: string): Promise<boolean> {
    this.checkSymbol(symbol);
    const { risk, store } = this.options;
    const removed = await store.unrestrict(symbol);
    const wasListed = risk.controls.restricted.delete(symbol);
    if (removed || wasListed)
      this.publish('restricted-list', 'symbol', symbol, symbol, 'restricted', null, reason, changedBy);
    return removed || wasListed;
  }

  restricted(): { symbol: string; reason: string }[] {
    return [...this.options.risk.controls.restricted].map(([symbol, reason]) => ({ symbol, reason }));
  }

  /** Turns the kill switch on or off: stored first, so a restart keeps it. */
  async setKillSwitch(halted: boolean, reason: string, changedBy: string): Promise<void> {
    const { risk, store } = this.options;
    const previous = risk.isHalted ? 'halted' : null;
    await store.setKillSwitch(halted, reason, changedBy);
    if (halted) risk.halt(reason);
    else risk.resume();
    this.publish(
      'kill-switch',
      'account',
      '',
      'kill_switch',
      previous,
      halted ? 'halted' : null,
      reason,
      changedBy,
    );
  }

  private scopeIdOf(scope: RiskLimitScope, scopeId: string | undefined): string {
    if (scope === 'account') return '';
    if (!scopeId) throw new AtsError('INVALID_INPUT', `scopeId: a ${scope} limit names its ${scope}`);
    if (scope === 'symbol') this.checkSymbol(scopeId);
    else if (scopeId.length > 50)
      throw new AtsError('INVALID_INPUT', 'scopeId: a strategy id has at most 50 characters');
    return scopeId;
  }

  private checkSymbol(symbol: string): void {
    if (!symbolPattern.test(symbol))
      throw new AtsError('INVALID_INPUT', `symbol: '${symbol}' is not 1-10 upper-case characters`);
  }

  private publish(
    kind: RiskLimitChanged['kind'],
    scope: RiskLimitScope,
    scopeId: string,
    key: string,
    previous: number | string | null,
    value: number | string | null,
    reason: string,
    changedBy: string,
  ): void {
    const { bus, clock, ids, accountId } = this.options;
    const now = clock.now();
    const event: RiskLimitChanged = {
      type: 'RiskLimitChanged',
      id: ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      accountId,
      kind,
      scope,
      scopeId: scope === 'account' ? accountId : scopeId,
      key,
      previous: previous === null ? null : String(previous),
      value: value === null ? null : String(value),
      reason,
      changedBy,
    };
    bus.publish(topics.riskLimits, event);
  }
}
