// The executor's own risk engine (which checks algorithm children in multi-process mode) following
// the Risk Manager's controls: the kill switch, limit overrides and restricted list are read from the
// Risk Manager's store at start and again at every RiskLimitChanged the Risk Manager publishes (it
// publishes after storing), so a halt there stops the executor's next children here.

import type { MessageBus, Subscription } from '@ats/core';
import { topics } from '@ats/core';
import { type LimitOverride, limitKeyOf, type RiskEngine } from '@ats/engine';
import type { SqlRiskControlStore } from '@ats/persistence';

export interface RiskControlsFollowerOptions {
  readonly risk: RiskEngine;
  readonly store: SqlRiskControlStore;
  readonly bus: MessageBus;
  readonly onError: (error: unknown) => void;
  readonly group?: string;
}

export class RiskControlsFollower {
  private subscription: Subscription | null = null;
  /** The reload running and whether another was asked for meanwhile (the newest store state wins). */
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: RiskControlsFollowerOptions) {}

  /** Loads the stored controls, then follows every change (the bus handler settles after the reload). */
  async start(): Promise<void> {
    await this.reload();
    this.subscription = this.options.bus.subscribe(
      topics.riskLimits,
      (event) => (event.type === 'RiskLimitChanged' ? this.reload() : undefined),
      { group: this.options.group ?? 'trade-executor-risk-controls' },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe();
    this.subscription = null;
    while (this.loading) await this.loading;
  }

  /** Reads the store and makes the engine's controls equal to it. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        await this.apply();
      } while (this.again);
    };
    this.loading = run()
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  private async apply(): Promise<void> {
    const { risk, store } = this.options;
    const [kill, overrides, restricted] = await Promise.all([
      store.killSwitch(),
      store.limitOverrides(),
      store.restrictedSymbols(),
    ]);
    if (kill?.halted) risk.halt(kill.reason);
    else risk.resume();
    const stored = new Set<string>();
    for (const entry of overrides) {
      const key = limitKeyOf(entry.key);
      stored.add(`${entry.scope}|${entry.scopeId}|${key}`);
      risk.limitBook.set(entry.scope, entry.scopeId, key, entry.value);
    }
    // An override the Risk Manager cleared is cleared here too.
    for (const entry of risk.limitBook.overrides() as LimitOverride[])
      if (!stored.has(`${entry.scope}|${entry.scopeId}|${entry.key}`))
        risk.limitBook.set(entry.scope, entry.scopeId, entry.key, null);
    const listed = new Map(restricted.map((entry) => [entry.symbol, entry.reason]));
    for (const symbol of [...risk.controls.restricted.keys()])
      if (!listed.has(symbol)) risk.controls.restricted.delete(symbol);
    for (const [symbol, reason] of listed) risk.controls.restricted.set(symbol, reason);
  }
}
