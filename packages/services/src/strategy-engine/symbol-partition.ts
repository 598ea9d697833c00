// The Strategy Engine partitioned by symbol across instances. Market data reaches every instance (it is
// pub/sub), and every instance runs every strategy on every symbol, so a survivor's state is warm at
// once; only the owner of a symbol's lease journals that symbol's signals. Signal ids come from what
// caused the signal, so the instances name the same signal alike and the journal stores it once. A
// non-owner keeps the signals it computed for a short window: when it takes a symbol over (the owner
// died or handed it back) it journals them, and those the old owner had stored are dropped by id.
import {
  deriveUuid,
  type EventId,
  type MessageBus,
  type SignalGenerated,
  type SignalId,
  topics,
} from '@ats/core';
import { type RedisClient, SymbolLeases } from '@ats/redis';

/** Deterministic ids of a signal: the same strategy, symbol, cause and sequence give the same ids. */
export function partitionedSignalIds(
  strategyId: string,
  symbol: string,
  causationId: string,
  sequence: number,
): { eventId: EventId; signalId: SignalId } {
  const parts = [strategyId, symbol, causationId, String(sequence)];
  // The signals table keys on UUIDs; the event id gets a UUID of its own, from a different namespace.
  return {
    eventId: `signal-${deriveUuid('partitioned-signal-event', ...parts)}` as EventId,
    signalId: deriveUuid('partitioned-signal', ...parts) as SignalId,
  };
}

export interface SymbolPartitionOptions {
  readonly client: RedisClient;
  readonly keyPrefix: string;
  readonly instance: string;
  readonly symbols: readonly string[];
  readonly leaseTtlMilliseconds: number;
  readonly journal: { record(signal: SignalGenerated): Promise<boolean> };
  readonly bus: MessageBus;
  readonly onError: (error: unknown) => void;
  readonly log: (message: string, fields: Record<string, unknown>) => void;
}

interface HeldSignal {
  readonly signal: SignalGenerated;
  readonly at: number;
}

export class SymbolPartition {
  private readonly leases: SymbolLeases;
  private readonly held = new Map<string, HeldSignal[]>();
  /**
   * How long a non-owner keeps its signals: longer than the time from an owner's last renewal to the
   * takeover (one lease time, plus a renewal period, plus the takeover's own renewal period).
   */
  private readonly windowMilliseconds: number;

  constructor(private readonly options: SymbolPartitionOptions) {
    this.windowMilliseconds = options.leaseTtlMilliseconds * 3;
    this.leases = new SymbolLeases({
      client: options.client,
      keyPrefix: options.keyPrefix,
      instance: options.instance,
      symbols: options.symbols,
      ttlMilliseconds: options.leaseTtlMilliseconds,
      onAcquired: (symbol) => {
        options.log('symbol lease acquired', { symbol });
        this.takeOver(symbol);
      },
      onLost: (symbol) => options.log('symbol lease released or lost', { symbol }),
      onError: options.onError,
    });
  }

  /** The runtime's `admit`: journal the owned symbols' signals; keep the others for a takeover. */
  readonly admit = (signal: SignalGenerated): boolean => {
    if (this.leases.owns(signal.symbol)) return true;
    const now = Date.now();
    const list = (this.held.get(signal.symbol) ?? []).filter(
      (entry) => now - entry.at <= this.windowMilliseconds,
    );
    list.push({ signal, at: now });
    this.held.set(signal.symbol, list);
    return false;
  };

  owned(): string[] {
    return this.leases.owned();
  }

  start(): Promise<void> {
    return this.leases.start();
  }

  stop(): Promise<void> {
    return this.leases.stop();
  }

  /**
   * Journals the signals of the symbol computed in the window before the takeover. One the old owner
   * stored is not stored again, but is published again under its own event id (the old owner may have
   * died between storing and publishing it); consumers handle an event id once.
   */
  private takeOver(symbol: string): void {
    const now = Date.now();
    const recent = (this.held.get(symbol) ?? []).filter((entry) => now - entry.at <= this.windowMilliseconds);
    this.held.delete(symbol);
    void (async () => {
      let stored = 0;
      for (const { signal } of recent) {
        if (await this.options.journal.record(signal)) stored++;
        else this.options.bus.publish(topics.signals(signal.strategyId), signal);
      }
      if (recent.length > 0)
        this.options.log('signals of the window before the takeover journaled', {
          symbol,
          computed: recent.length,
          stored,
        });
    })().catch(this.options.onError);
  }
}
