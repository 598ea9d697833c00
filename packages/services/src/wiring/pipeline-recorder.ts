// Stores what flows on the bus that the engines do not store themselves: signals, assessments, positions.
import {
  type AccountId,
  type MessageBus,
  type PlatformEvent,
  type PositionSnapshot,
  type Repositories,
  type Subscription,
  topics,
} from '@ats/core';

export interface PipelineRecorderOptions {
  readonly bus: MessageBus;
  readonly repositories: Repositories;
  readonly record: { signals?: boolean; assessments?: boolean; positions?: boolean };
  readonly group?: string;
  readonly onError: (error: unknown) => void;
}

/**
 * Signals and assessments are written as they come; portfolio_positions is a projection of the
 * trades, written behind: the newest snapshot per symbol wins and writes are never run in parallel.
 */
export class PipelineRecorder {
  private readonly subscriptions: Subscription[] = [];
  private readonly pendingPositions = new Map<string, PositionSnapshot>();
  private pendingAccount: AccountId | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: PipelineRecorderOptions) {}

  start(): void {
    const { bus, record } = this.options;
    const group = this.options.group ? { group: this.options.group } : {};
    const handler = (event: PlatformEvent) => this.onEvent(event);
    if (record.signals) this.subscriptions.push(bus.subscribe(topics.allSignals, handler, group));
    if (record.assessments) {
      this.subscriptions.push(bus.subscribe(topics.riskAssessments, handler, group));
      this.subscriptions.push(bus.subscribe(topics.ordersApproved, handler, group));
    }
    if (record.positions) this.subscriptions.push(bus.subscribe(topics.portfolioUpdates, handler, group));
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
    await this.flush();
  }

  /** Resolves when every write started so far has finished. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    await this.writing;
  }

  /**
   * Tracks a write for `flush` and hands its failure to the bus handler, so a durable subscription does
   * not acknowledge the event and the write is tried again (a projection write lost during a full disk
   * left portfolio_positions behind the trades; found by `ats chaos`).
   */
  private track(promise: Promise<void>): Promise<void> {
    const settled = promise.catch((error: unknown) => this.options.onError(error));
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
    return promise;
  }

  private onEvent(event: PlatformEvent): void | Promise<void> {
    const { repositories } = this.options;
    switch (event.type) {
      case 'SignalGenerated':
        return this.track(repositories.signals.saveSignal(event));
      case 'SignalApproved':
      case 'SignalRejected':
        return this.track(repositories.signals.saveAssessment(event));
      case 'PortfolioUpdated': {
        for (const position of event.positions) this.pendingPositions.set(position.symbol, position);
        this.pendingAccount = event.accountId;
        // After the previous write, whether it passed or failed: a failed write must not stop the chain.
        const write = this.writing.then(() => this.writePositions(event.occurredAt));
        this.writing = write.catch(() => {});
        return this.track(write);
      }
      default:
        return;
    }
  }

  private async writePositions(at: number): Promise<void> {
    if (this.pendingPositions.size === 0 || !this.pendingAccount) return;
    const batch = [...this.pendingPositions.values()];
    this.pendingPositions.clear();
    try {
      await this.options.repositories.portfolio.savePositions(this.pendingAccount, batch, at);
    } catch (error) {
      // Not stored: the snapshots go back for the next write, unless a newer one of the symbol came.
      for (const position of batch)
        if (!this.pendingPositions.has(position.symbol)) this.pendingPositions.set(position.symbol, position);
      throw error;
    }
  }
}
