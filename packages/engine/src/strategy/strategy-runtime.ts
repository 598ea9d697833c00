// Runs strategies on the bus: feeds bars and quotes, updates registered indicators, emits signals.

import {
  type AppliedIds,
  appliedIdsFor,
  type Bar,
  type Clock,
  checkExecutionRequest,
  type Delivery,
  type EventId,
  type IdGenerator,
  type MessageBus,
  type OrderFilled,
  type PlatformEvent,
  type Price,
  type Quote,
  RecentTable,
  type SignalDirection,
  type SignalGenerated,
  type SignalId,
  type SignalModel,
  type Subscription,
  type Ticker,
  type Timeframe,
  topics,
} from '@ats/core';
import { attempt, isPromise, type MaybePromise } from '../execution/maybe-async.js';
import { type EngineMetrics, type MonotonicTimer, noMetrics } from '../metrics/engine-metrics.js';
import type { Strategy } from './strategy.js';
import type {
  BarIndicator,
  BarValues,
  IndicatorInput,
  SignalOptions,
  StrategyContext,
  ValueIndicator,
} from './strategy-context.js';
import { TimeframeResampler } from './timeframe-resampler.js';
import type { TradingSessions } from './trading-sessions.js';

/*
 * Slots, registrations and contexts are made by constructors, not object literals. V8 builds a
 * literal's template object only at the literal's second evaluation, with its fields empty, and that
 * widens the fields' recorded types: in a process running backtests one after another (each with its
 * own runtime) the second run then threw away the optimized code of the bar handlers that read them.
 * A constructor gives its objects their final field types at the first run.
 */

class Registration {
  constructor(
    readonly input: IndicatorInput,
    readonly value: ValueIndicator | undefined,
    readonly bar: BarIndicator | undefined,
  ) {}
}

class Slot {
  /** Set once, right after construction (the context needs the slot). */
  context: StrategyContext = undefined as never;
  readonly indicators = new Map<Ticker, Registration[]>();
  readonly positions = new Map<Ticker, number>();
  /** Higher timeframes the strategy subscribed to, by symbol (empty for most strategies). */
  readonly resamplers = new Map<Ticker, TimeframeResampler[]>();
  /** Indicators on a higher timeframe, by `symbol|timeframe`. */
  readonly timeframeIndicators = new Map<string, Registration[]>();
  /** The topic of its signals (made once, not per signal). */
  signalTopic: string | undefined = undefined;

  constructor(
    readonly strategy: Strategy,
    /** A disabled strategy still sees data (its indicators stay warm) but its signals are dropped. */
    public enabled: boolean,
  ) {}
}

/**
 * What a strategy reaches of the runtime. The calls a strategy makes at every bar (position, signal,
 * warmingUp) are methods of this class, not closures made per runtime: a closure of a new runtime is
 * a new call target, and the optimized code of the bar path that had inlined the previous one was
 * thrown away in the second backtest of a process.
 */
class SlotContext implements StrategyContext {
  constructor(
    private readonly runtime: StrategyRuntime,
    private readonly slot: Slot,
    readonly clock: Clock,
    readonly registerIndicator: StrategyContext['registerIndicator'],
    readonly registerBarIndicator: StrategyContext['registerBarIndicator'],
    readonly subscribeTimeframe: StrategyContext['subscribeTimeframe'],
    readonly log: StrategyContext['log'],
  ) {}

  position(symbol: Ticker): number {
    return this.slot.positions.get(symbol) ?? 0;
  }

  signal(symbol: Ticker, direction: SignalDirection, options: SignalOptions = {}): void {
    this.runtime.emit(this.slot, symbol, direction, options);
  }

  warmingUp(): boolean {
    return this.runtime.warmingUp;
  }
}

export interface StrategyRuntimeOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer | undefined;
  readonly log?:
    | ((strategyId: string, message: string, fields?: Readonly<Record<string, unknown>>) => void)
    | undefined;
  /** The bus group name used for durable subscriptions (the service name). */
  readonly group?: string;
  /**
   * Stores and publishes each signal (the strategy engine's outbox); default: publish on the bus at
   * once. A failed write is reported to `onError` and the signal is not published.
   */
  readonly journal?: { record(signal: SignalGenerated): MaybePromise<unknown> };
  readonly onError?: (error: unknown) => void;
  /**
   * The exchange's sessions: a subscribed `1d` timeframe built from intraday bars then spans one
   * regular session (open to close) instead of a UTC day. Absent: UTC days.
   */
  readonly sessions?: TradingSessions | undefined;
  /**
   * Ids of a signal from what caused it (several instances of the engine computing the same bar then
   * name its signals alike, and the journal keeps one). `sequence` counts the signals of one strategy
   * and symbol for one cause. Default, and for a signal without a cause: fresh ids.
   */
  readonly signalIdsOf?: (
    strategyId: string,
    symbol: string,
    causationId: string,
    sequence: number,
  ) => { readonly eventId: EventId; readonly signalId: SignalId };
  /**
   * Decides whether this engine journals a signal (a partitioned engine: only the signals of the
   * symbols it owns); a signal it refuses is neither stored nor published. Default: every signal.
   */
  readonly admit?: (signal: SignalGenerated) => boolean;
  /** How fills reach it (default at-least-once); exactly-once (a backtest): no trade ids are kept. */
  readonly delivery?: Delivery | undefined;
  /** Sees every fill once (after redeliveries are dropped) and every bar: performance tracking. */
  readonly observer?: {
    fill?(fill: OrderFilled): void;
    bar?(bar: Bar): void;
  };
}

/** A signal's model is checked like its strength: a probability outside [0, 1] is a bug in the strategy. */
function checkedModel(model: SignalModel): SignalModel {
  if (!(model.probability >= 0 && model.probability <= 1))
    throw new RangeError(`signal model.probability ${model.probability} is outside [0, 1]`);
  return { name: model.name, version: model.version, probability: model.probability };
}

function pick(bar: BarValues, input: IndicatorInput): number {
  return input === 'typical' ? (bar.high + bar.low + bar.close) / 3 : bar[input];
}

function barValuesOf(bar: Bar, close: number): BarValues {
  return {
    time: bar.time,
    open: bar.open.toNumber(),
    high: bar.high.toNumber(),
    low: bar.low.toNumber(),
    close,
    volume: bar.volume,
  };
}

/**
 * A symbol the strategies trade: the slots that receive its bars, each slot's indicator registrations
 * on it (the slot's own list, made when the slot is added, so later registrations land in it), and its
 * latest price. One record per symbol: a bar looks its symbol up once.
 */
class SymbolFeed {
  readonly slots: Slot[] = [];
  readonly registrations: Registration[][] = [];
  /** The latest price (bar close or quote last): the reference price of signals. */
  lastClose: Price | null = null;

  constructor(readonly symbol: string) {}
}

export class StrategyRuntime {
  private readonly slots: Slot[] = [];
  /** Feeds by symbol; a one-symbol run's bars are all of one symbol, and the table remembers the last. */
  private readonly bySymbol = new RecentTable<string, SymbolFeed>((symbol) => new SymbolFeed(symbol));
  private readonly byId = new Map<string, Slot>();
  private readonly subscriptions: Subscription[] = [];
  private readonly metrics: EngineMetrics;
  private signalsEmitted = 0;
  private currentCause: string | null = null;
  /**
   * Or the event that caused them, its id read only when a signal is emitted: a backtest's bar event
   * builds its id when read, and most bars emit no signal.
   */
  private causeEvent: { readonly id: string } | null = null;
  /** Signals per strategy and symbol of the cause `sequenceCause` (for signalIdsOf). */
  private readonly sequences = new Map<string, number>();
  private sequenceCause: string | null = null;
  private warming = false;
  /** Trade ids already counted in strategy positions (fills may be redelivered). */
  private readonly appliedTrades: AppliedIds;

  constructor(private readonly options: StrategyRuntimeOptions) {
    this.metrics = options.metrics ?? noMetrics;
    this.appliedTrades = appliedIdsFor(options.delivery);
  }

  /** Whether the runtime is replaying stored history (see `warmUp`): signals are dropped then. */
  get warmingUp(): boolean {
    return this.warming;
  }

  get signalCount(): number {
    return this.signalsEmitted;
  }

  /** Adds a strategy and calls its onStart. Call before `start`. */
  add(strategy: Strategy, options: { readonly enabled?: boolean } = {}): void {
    if (this.byId.has(strategy.id)) throw new RangeError(`strategy id '${strategy.id}' is added twice`);
    const slot = new Slot(strategy, options.enabled ?? true);
    slot.context = this.contextFor(slot);
    this.slots.push(slot);
    this.byId.set(strategy.id, slot);
    for (const symbol of strategy.symbols) {
      const feed = this.bySymbol.of(symbol);
      let registrations = slot.indicators.get(symbol);
      if (!registrations) {
        registrations = [];
        slot.indicators.set(symbol, registrations);
      }
      feed.slots.push(slot);
      feed.registrations.push(registrations);
    }
    strategy.onStart(slot.context);
  }

  /** Enables or disables a strategy at run time (a feature flag); false for an unknown id. */
  setEnabled(strategyId: string, enabled: boolean): boolean {
    const slot = this.byId.get(strategyId);
    if (!slot) return false;
    slot.enabled = enabled;
    return true;
  }

  isEnabled(strategyId: string): boolean | undefined {
    return this.byId.get(strategyId)?.enabled;
  }

  /** The ids of the strategies, in the order they were added. */
  strategyIds(): string[] {
    return this.slots.map((slot) => slot.strategy.id);
  }

  /** The latest price seen of a symbol (bar close or quote), or null. */
  lastPrice(symbol: Ticker): Price | null {
    return this.bySymbol.find(symbol)?.lastClose ?? null;
  }

  /** Restores a strategy's position (a restart), before data flows. */
  restorePosition(strategyId: string, symbol: Ticker, netQuantity: number): void {
    this.byId.get(strategyId)?.positions.set(symbol, netQuantity);
  }

  start(): void {
    const { bus } = this.options;
    const group = this.options.group ? { group: this.options.group } : {};
    this.subscriptions.push(
      bus.subscribe(topics.allBars, (event) => this.onBarEvent(event)),
      bus.subscribe(topics.allMarketData, (event) => this.onEvent(event)),
      bus.subscribe(topics.tradesExecuted, (event) => this.onEvent(event), group),
    );
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
    for (const slot of this.slots) slot.strategy.onStop(slot.context);
  }

  /** Lets go of the trade ids it counted (see `TradingKernel.discard`). */
  discard(): void {
    this.appliedTrades.clear();
  }

  /**
   * Warms strategies on stored history before data flows (a pre-open job): indicators update and
   * onBar runs, so strategy state follows the bars, but signals are not emitted.
   */
  warmUp(bars: readonly Bar[]): void {
    this.warming = true;
    try {
      for (const bar of bars) this.onBar(bar);
    } finally {
      this.warming = false;
    }
  }

  /** Feeds one bar directly (backtests call this through the bus; exposed for warm-up from history). */
  onBar(bar: Bar, causationId: string | null = null): void {
    this.currentCause = causationId;
    this.barWithCause(bar);
  }

  /** A bar, with the cause already set (an id or an event); clears it at the end. */
  private barWithCause(bar: Bar): void {
    this.options.observer?.bar?.(bar);
    const feed = this.bySymbol.find(bar.symbol);
    if (!feed) {
      this.currentCause = null;
      this.causeEvent = null;
      return;
    }
    const started = this.options.timer?.now();
    // Most indicators read the close: that needs no object; the whole-bar view is built only if asked
    // (no closure either: this runs for every bar of a backtest).
    const close = bar.close.toNumber();
    let values: BarValues | null = null;
    feed.lastClose = bar.close;
    const slots = feed.slots;
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index] as Slot;
      // Higher bars whose period ended before this bar began come first, as they closed first.
      if (slot.resamplers.size !== 0) this.deliverHigherTimeframes(slot, bar, true);
      const registrations = feed.registrations[index] as Registration[];
      if (registrations.length !== 0) {
        for (const registration of registrations) {
          if (registration.value && registration.input === 'close') {
            registration.value.update(close);
            continue;
          }
          values ??= barValuesOf(bar, close);
          if (registration.value) registration.value.update(pick(values, registration.input));
          else registration.bar?.update(values);
        }
      }
      slot.strategy.onBar(bar, slot.context);
      if (slot.resamplers.size !== 0) this.deliverHigherTimeframes(slot, bar, false);
    }
    this.currentCause = null;
    this.causeEvent = null;
    if (started !== undefined && this.options.timer) {
      this.metrics.observeLatency('signal', this.options.timer.now() - started);
    }
  }

  /**
   * Higher-timeframe bars closed by time passing (`before`: an earlier period, released before the
   * base bar) or completed by the base bar (after it): their indicators updated, then onBar.
   */
  private deliverHigherTimeframes(slot: Slot, bar: Bar, before: boolean): void {
    for (const resampler of slot.resamplers.get(bar.symbol) ?? []) {
      const higher = before ? resampler.closeBefore(bar) : resampler.add(bar);
      if (higher) {
        const registrations = slot.timeframeIndicators.get(`${higher.symbol}|${higher.timeframe}`);
        if (registrations) {
          const values: BarValues = {
            time: higher.time,
            open: higher.open.toNumber(),
            high: higher.high.toNumber(),
            low: higher.low.toNumber(),
            close: higher.close.toNumber(),
            volume: higher.volume,
          };
          for (const registration of registrations) {
            if (registration.value) registration.value.update(pick(values, registration.input));
            else registration.bar?.update(values);
          }
        }
        slot.strategy.onBar(higher, slot.context);
      }
    }
  }

  private onQuote(quote: Quote, causationId: string): void {
    const feed = this.bySymbol.find(quote.symbol);
    if (!feed) return;
    this.currentCause = causationId;
    this.causeEvent = null;
    feed.lastClose = quote.last;
    for (const slot of feed.slots) slot.strategy.onQuote(quote, slot.context);
    this.currentCause = null;
  }

  /** Marks fills already reflected in restored positions: a redelivered fill is not counted twice. */
  markApplied(fills: readonly OrderFilled[]): void {
    for (const fill of fills) this.appliedTrades.add(fill.tradeId);
  }

  private onFill(fill: OrderFilled): void {
    if (this.appliedTrades.has(fill.tradeId)) return;
    this.appliedTrades.add(fill.tradeId);
    this.options.observer?.fill?.(fill);
    const slot = this.byId.get(fill.strategyId);
    if (!slot) return;
    const signed = fill.side === 'BUY' ? fill.lastQuantity.value : -fill.lastQuantity.value;
    slot.positions.set(fill.symbol, (slot.positions.get(fill.symbol) ?? 0) + signed);
    this.currentCause = fill.id;
    this.causeEvent = null;
    slot.strategy.onFill(fill, slot.context);
    this.currentCause = null;
  }

  /**
   * The bars topic's handler, apart from `onEvent`: its reads of the event see bars only (in a method
   * that sees every kind of event, `event.type` is V8's megamorphic load, paid at every bar).
   */
  private onBarEvent(event: PlatformEvent): void {
    if (event.type !== 'BarClosed') {
      this.onEvent(event);
      return;
    }
    this.causeEvent = event;
    this.barWithCause(event.bar);
  }

  private onEvent(event: PlatformEvent): void {
    if (event.type === 'QuoteReceived') this.onQuote(event.quote, event.id);
    else if (event.type === 'OrderFilled') this.onFill(event);
    else if (event.type === 'BarClosed') this.onBarEvent(event);
  }

  /** Emits a strategy's signal (its context's `signal`). */
  emit(slot: Slot, symbol: Ticker, direction: SignalDirection, options: SignalOptions): void {
    if (this.warming) return;
    if (!slot.enabled) {
      this.metrics.count('signals_suppressed_total', { strategy: slot.strategy.id });
      return;
    }
    const strength = options.strength ?? 1;
    if (!(strength >= 0 && strength <= 1))
      throw new RangeError(`signal strength ${strength} is outside [0, 1]`);
    const now = this.options.clock.now();
    const reference = this.bySymbol.find(symbol)?.lastClose;
    if (!reference)
      throw new RangeError(`no price seen yet for ${symbol}; emit signals from onBar or onQuote`);
    this.signalsEmitted++;
    if (this.metrics !== noMetrics)
      this.metrics.count('signals_total', { strategy: slot.strategy.id, direction });
    const ids = this.signalIds(slot.strategy.id, symbol);
    const signal: SignalGenerated = {
      type: 'SignalGenerated',
      id: ids.eventId,
      occurredAt: now,
      receivedAt: now,
      causationId: this.cause(),
      signalId: ids.signalId,
      strategyId: slot.strategy.id,
      symbol,
      direction,
      strength,
      referencePrice: reference,
      limitPrice: options.limitPrice ?? null,
    };
    // Optional fields are added only when given (a spread of an empty object per signal cost more).
    const extended = signal as { -readonly [Field in keyof SignalGenerated]: SignalGenerated[Field] };
    if (options.model) extended.model = checkedModel(options.model);
    if (options.sources) extended.sources = options.sources;
    if (options.execution) extended.execution = checkExecutionRequest(options.execution);
    if (this.options.admit && !this.options.admit(signal)) return;
    const journal = this.options.journal;
    if (!journal) {
      slot.signalTopic ??= topics.signals(slot.strategy.id);
      this.options.bus.publish(slot.signalTopic, signal);
      return;
    }
    const onError =
      this.options.onError ??
      ((error: unknown) => {
        throw error;
      });
    const stored = attempt(
      () => journal.record(signal),
      () => {},
      onError,
    );
    if (isPromise(stored)) stored.catch(onError);
  }

  private signalIds(strategyId: string, symbol: Ticker): { eventId: EventId; signalId: SignalId } {
    const cause = this.cause();
    if (!this.options.signalIdsOf || cause === null)
      return { eventId: this.options.ids.eventId(), signalId: this.options.ids.signalId() };
    if (this.sequenceCause !== cause) {
      this.sequenceCause = cause;
      this.sequences.clear();
    }
    const key = `${strategyId}|${symbol}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    return this.options.signalIdsOf(strategyId, symbol, cause, sequence);
  }

  /** The id of what caused the signals being emitted now, or null. */
  private cause(): string | null {
    return this.causeEvent !== null ? this.causeEvent.id : this.currentCause;
  }

  private contextFor(slot: Slot): StrategyContext {
    const subscribe = (symbol: Ticker, timeframe: Timeframe) => {
      const list = slot.resamplers.get(symbol) ?? [];
      if (!list.some((resampler) => resampler.timeframe === timeframe))
        list.push(new TimeframeResampler(symbol, timeframe, this.options.sessions));
      slot.resamplers.set(symbol, list);
    };
    const register = (symbol: Ticker, registration: Registration, timeframe?: Timeframe) => {
      if (timeframe !== undefined) {
        subscribe(symbol, timeframe);
        const key = `${symbol}|${timeframe}`;
        const list = slot.timeframeIndicators.get(key) ?? [];
        list.push(registration);
        slot.timeframeIndicators.set(key, list);
        return;
      }
      const list = slot.indicators.get(symbol) ?? [];
      list.push(registration);
      slot.indicators.set(symbol, list);
    };
    return new SlotContext(
      this,
      slot,
      this.options.clock,
      (symbol, indicator, input = 'close', timeframe) => {
        register(symbol, new Registration(input, indicator, undefined), timeframe);
        return indicator;
      },
      (symbol, indicator, timeframe) => {
        register(symbol, new Registration('close', undefined, indicator), timeframe);
        return indicator;
      },
      subscribe,
      (message, fields) => this.options.log?.(slot.strategy.id, message, fields),
    );
  }
}
