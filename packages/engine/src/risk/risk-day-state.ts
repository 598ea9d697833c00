// The daily loss and drawdown state: the equity at the start of the risk day and the high-water mark,
// both as exact raw money (1/10,000). A day starts at the first equity seen on a new UTC date (US
// sessions fall within one UTC date); the state is handed to onChange (to be stored) on every change.

/** What is stored per account so a restart keeps today's loss and the high-water mark. */
export interface RiskDayRecord {
  /** Days since 1970-01-01 (UTC) of the risk day. */
  readonly day: number;
  readonly dayStartEquityRaw: number;
  readonly highWaterMarkRaw: number;
}

const millisecondsPerDay = 86_400_000;

export function dayNumberOf(time: number): number {
  return Math.floor(time / millisecondsPerDay);
}

export class RiskDayState {
  private record: RiskDayRecord | null = null;

  constructor(private readonly onChange: (record: RiskDayRecord) => void = () => {}) {}

  /** The stored state of an earlier run (a restart): the same day keeps its start equity. */
  restore(record: RiskDayRecord | null): void {
    this.record = record;
  }

  get current(): RiskDayRecord | null {
    return this.record;
  }

  /**
   * Sees equity at `now`: starts a new day at this equity when the date moved on, raises the
   * high-water mark. Returns true when the state changed (and was handed to onChange).
   */
  observe(equityRaw: number, now: number): boolean {
    const day = dayNumberOf(now);
    const record = this.record;
    if (record === null || day > record.day) {
      this.set({
        day,
        dayStartEquityRaw: equityRaw,
        highWaterMarkRaw: record === null ? equityRaw : Math.max(record.highWaterMarkRaw, equityRaw),
      });
      return true;
    }
    if (equityRaw > record.highWaterMarkRaw) {
      this.set({ day: record.day, dayStartEquityRaw: record.dayStartEquityRaw, highWaterMarkRaw: equityRaw });
      return true;
    }
    return false;
  }

  /** The day's loss in raw money (positive when down); 0 before any equity was seen. */
  dayLossRaw(equityRaw: number): number {
    return this.record === null ? 0 : this.record.dayStartEquityRaw - equityRaw;
  }

  /** How far below the high-water mark equity is, as a fraction of the mark (0 at or above it). */
  drawdown(equityRaw: number): number {
    const mark = this.record?.highWaterMarkRaw ?? 0;
    return mark <= 0 || equityRaw >= mark ? 0 : (mark - equityRaw) / mark;
  }

  private set(record: RiskDayRecord): void {
    this.record = record;
    this.onChange(record);
  }
}
