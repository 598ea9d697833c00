// Generates UUID-shaped ids from an injected random source, so backtests get reproducible ids.
import type { RandomSource } from '../time/random-source.js';
import type { EventId, OrderId, RiskAssessmentId, SignalId, TradeId } from './identifiers.js';
import { uuidText } from './uuid-text.js';

/** Makes version-4 UUIDs (fit for the spec's UUID columns) from a random source. */
export class IdGenerator {
  private eventPrefix: string | null = null;
  private eventCounter = 0;

  constructor(private readonly random: RandomSource) {}

  uuid(): string {
    const r = this.random;
    // Four 32-bit words; version and variant bits set as RFC 9562 requires.
    const a = r.nextUint32();
    const b = (r.nextUint32() & 0xffff0fff) | 0x00004000;
    const c = (r.nextUint32() & 0x3fffffff) | 0x80000000;
    const d = r.nextUint32();
    return uuidText(a, b, c, d);
  }

  /**
   * Event ids are minted at the rate of market data, so they are a random per-generator prefix (80
   * bits, from the random source) and a counter: unique per generator and one string concatenation
   * each. They are not UUIDs (events are stored by text id); orders, trades, signals and assessments,
   * which live in UUID columns, get full UUIDs.
   */
  eventId(): EventId {
    return this.eventIdOf(this.nextEventNumber());
  }

  /**
   * Takes the next event's number without building its id text: an event whose id is seldom read (a
   * backtest's bar, millions per run) builds it with `eventIdOf` only when read. The prefix is drawn
   * here, at the same point of the random sequence as `eventId()` draws it, so ids made after stay the
   * same whether or not this id is ever built.
   */
  nextEventNumber(): number {
    if (this.eventPrefix === null) this.eventPrefix = `${this.uuid().slice(0, 23)}-`;
    return ++this.eventCounter;
  }

  /** The id of an event number taken with `nextEventNumber` (the text `eventId()` would have made). */
  eventIdOf(eventNumber: number): EventId {
    return ((this.eventPrefix as string) + eventNumber) as EventId;
  }

  orderId(): OrderId {
    return this.uuid() as OrderId;
  }
  tradeId(): TradeId {
    return this.uuid() as TradeId;
  }
  signalId(): SignalId {
    return this.uuid() as SignalId;
  }
  riskAssessmentId(): RiskAssessmentId {
    return this.uuid() as RiskAssessmentId;
  }
}
