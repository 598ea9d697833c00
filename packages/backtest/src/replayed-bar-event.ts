// The one BarClosed event a backtest publishes for every bar: reused, with its id built only when read.
import type { Bar, BarClosed, EventId, IdGenerator } from '@ats/core';

/**
 * The bus delivers a top-level publish synchronously to the kernel's engines, which read the event and
 * keep none of it, so one object serves every bar. Each bar still takes the next event number (ids
 * minted after it are what they would be), but the id's text is built only if something reads `id`
 * (a signal's causation id): a string per bar, millions per run, that nothing read was most of the
 * garbage of the per-bar path.
 */
export class ReplayedBarEvent implements BarClosed {
  readonly type = 'BarClosed';
  readonly causationId = null;
  occurredAt = 0;
  receivedAt = 0;
  private eventNumber = 0;
  private builtId: EventId | null = null;

  constructor(
    private readonly ids: IdGenerator,
    public bar: Bar,
  ) {}

  get id(): EventId {
    this.builtId ??= this.ids.eventIdOf(this.eventNumber);
    return this.builtId;
  }

  /** Points the event at the next bar: a new event number, the bar's time as when it occurred. */
  next(bar: Bar): void {
    this.eventNumber = this.ids.nextEventNumber();
    this.builtId = null;
    this.occurredAt = bar.time;
    this.receivedAt = bar.time;
    this.bar = bar;
  }
}
