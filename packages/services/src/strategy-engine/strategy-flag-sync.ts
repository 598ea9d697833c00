// Strategy enable/disable flags across the instances of a Strategy Engine partitioned by symbol: a flag
// set through one instance's API is stored, and every other instance reads the stored flags each
// interval and applies those that differ from what it runs, so a strategy disabled through one
// instance stops journaling signals on all of them within one interval.
import type { StrategyFlag } from '@ats/persistence';

export interface StrategyFlagSyncOptions {
  readonly flags: { listFlags(): Promise<StrategyFlag[]> };
  readonly runtime: {
    isEnabled(strategyId: string): boolean | undefined;
    setEnabled(strategyId: string, enabled: boolean): boolean;
  };
  readonly intervalMilliseconds: number;
  readonly onError: (error: unknown) => void;
  readonly log: (message: string, fields: Record<string, unknown>) => void;
}

export class StrategyFlagSync {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: StrategyFlagSyncOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.apply()
        .catch(this.options.onError)
        .finally(() => {
          this.running = null;
        });
    }, this.options.intervalMilliseconds);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Applies the stored flags that differ from the runtime's; a strategy this instance lacks is skipped. */
  async apply(): Promise<void> {
    const { flags, runtime, log } = this.options;
    for (const flag of await flags.listFlags()) {
      const running = runtime.isEnabled(flag.strategyId);
      if (running === undefined || running === flag.enabled) continue;
      runtime.setEnabled(flag.strategyId, flag.enabled);
      log('strategy flag set through another instance applied', {
        strategy: flag.strategyId,
        enabled: flag.enabled,
        changedBy: flag.changedBy,
      });
    }
  }
}
