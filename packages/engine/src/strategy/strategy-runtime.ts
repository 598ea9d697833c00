// Runs strategies on the bus: feeds bars and quotes, updates registered indicators, emits signals.

import {
  type Bar,
  type Clock,
  type IdGenerator,
  type MessageBus,
  type OrderFilled,
  type PlatformEvent,
  type Price,
  type Quote,
  type SignalDirection,
  type SignalGenerated,
  type Subscription,
  type Ticker,
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

interface Registration {
  readonly value?: ValueIndicator;
  readonly bar?: BarIndicator;
  readonly input: IndicatorInput;
}

interface Slot {
  readonly strategy: Strategy;
  readonly context: StrategyContext;
  readonly indicators: Map<Ticker, Registration[]>;
  readonly positions: Map<Ticker, number>;
}

export interface StrategyRuntimeOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer;
  readonly log?: (strategyId: string, message: string, fields?: Readonly<Record<string, unknown>>) => void;
  /** The bus group name used for durable subscriptions (the service name). */
  readonly group?: string;
  /**
   * Stores and publishes each signal (the strategy engine's outbox); default: publish on the bus at
   * once. A failed write is reported to `onError` and the signal is not published.
   */
  readonly journal?: { record(signal: SignalGenerated): MaybePromise<unknown> };
  readonly onError?: (error: unknown) => void;
}

function pick(bar: BarValues, input: IndicatorInput): number {
  return input === 'typical' ? (bar.high + bar.low + bar.close) / 3 : bar[input];
}

export class StrategyRuntime {
  private readonly slots: Slot[] = [];
  private readonly bySymbol = new Map<string, Slot[]>();
  private readonly byId = new Map<string, Slot>();
  private readonly subscriptions: Subscription[] = [];
  private readonly metrics: EngineMetrics;
  private signalsEmitted = 0;
  private currentCause: string | null = null;
  private warming = false;
  /** Trade ids already counted in strategy positions (fills may be redelivered). */
  private readonly appliedTrades = new Set<string>();
  /** The latest price per symbol: the reference price of signals. */
  private readonly lastClose = new Map<string, Price>();

  constructor(private readonly options: StrategyRuntimeOptions) {
    this.metrics = options.metrics ?? noMetrics;
  }

  get signalCount(): number {
    return this.signalsEmitted;
  }

  /** Adds a strategy and calls its onStart. Call before `start`. */
  add(strategy: Strategy): void {
    const slot: Slot = { strategy, context: undefined as never, indicators: new Map(), positions: new Map() };
    (slot as { context: StrategyContext }).context = this.contextFor(slot);
    this.slots.push(slot);
    this.byId.set(strategy.id, slot);
    for (const symbol of strategy.symbols) {
      const list = this.bySymbol.get(symbol) ?? [];
      list.push(slot);
      this.bySymbol.set(symbol, list);
    }
    strategy.onStart(slot.context);
  }

  /** Restores a strategy's position (a restart), before data flows. */
  restorePosition(strategyId: string, symbol: Ticker, netQuantity: number): void {
    this.byId.get(strategyId)?.positions.set(symbol, netQuantity);
  }

  start(): void {
    const { bus } = this.options;
    const group = this.options.group ? { group: this.options.group } : {};
    this.subscriptions.push(
      bus.subscribe(topics.allBars, (event) => this.onEvent(event)),
      bus.subscribe(topics.allMarketData, (event) => this.onEvent(event)),
      bus.subscribe(topics.tradesExecuted, (event) => this.onEvent(event), group),
    );
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
    for (const slot of this.slots) slot.strategy.onStop(slot.context);
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
    const slots = this.bySymbol.get(bar.symbol);
    if (!slots) return;
    const started = this.options.timer?.now();
    // Most indicators read the close: that needs no object; the whole-bar view is built only if asked.
    const close = bar.close.toNumber();
    let values: BarValues | null = null;
    const valuesOf = (): BarValues => {
      if (values === null) {
        values = {
          time: bar.time,
          open: bar.open.toNumber(),
          high: bar.high.toNumber(),
          low: bar.low.toNumber(),
          close,
          volume: bar.volume,
        };
      }
      return values;
    };
    this.currentCause = causationId;
    this.lastClose.set(bar.symbol, bar.close);
    for (const slot of slots) {
      const registrations = slot.indicators.get(bar.symbol);
      if (registrations) {
        for (const registration of registrations) {
          if (registration.value)
            registration.value.update(
              registration.input === 'close' ? close : pick(valuesOf(), registration.input),
            );
          else registration.bar?.update(valuesOf());
        }
      }
      slot.strategy.onBar(bar, slot.context);
    }
    this.currentCause = null;
    if (started !== undefined && this.options.timer) {
      this.metrics.observeLatency('signal', this.options.timer.now() - started);
    }
  }

  private onQuote(quote: Quote, causationId: string): void {
    const slots = this.bySymbol.get(quote.symbol);
    if (!slots) return;
    this.currentCause = causationId;
    this.lastClose.set(quote.symbol, quote.last);
    for (const slot of slots) slot.strategy.onQuote(quote, slot.context);
    this.currentCause = null;
  }

  /** Marks fills already reflected in restored positions: a redelivered fill is not counted twice. */
  markApplied(fills: readonly OrderFilled[]): void {
    for (const fill of fills) this.appliedTrades.add(fill.tradeId);
  }

  private onFill(fill: OrderFilled): void {
    if (this.appliedTrades.has(fill.tradeId)) return;
    this.appliedTrades.add(fill.tradeId);
    const slot = this.byId.get(fill.strategyId);
    if (!slot) return;
    const signed = fill.side === 'BUY' ? fill.lastQuantity.value : -fill.lastQuantity.value;
    slot.positions.set(fill.symbol, (slot.positions.get(fill.symbol) ?? 0) + signed);
    this.currentCause = fill.id;
    slot.strategy.onFill(fill, slot.context);
    this.currentCause = null;
  }

  private onEvent(event: PlatformEvent): void {
    if (event.type === 'BarClosed') this.onBar(event.bar, event.id);
    else if (event.type === 'QuoteReceived') this.onQuote(event.quote, event.id);
    else if (event.type === 'OrderFilled') this.onFill(event);
  }

  private emit(slot: Slot, symbol: Ticker, direction: SignalDirection, options: SignalOptions): void {
    if (this.warming) return;
    const strength = options.strength ?? 1;
    if (!(strength >= 0 && strength <= 1))
      throw new RangeError(`signal strength ${strength} is outside [0, 1]`);
    const now = this.options.clock.now();
    const reference = this.lastClose.get(symbol);
    if (!reference)
      throw new RangeError(`no price seen yet for ${symbol}; emit signals from onBar or onQuote`);
    this.signalsEmitted++;
    this.metrics.count('signals_total', { strategy: slot.strategy.id, direction });
    const signal: SignalGenerated = {
      type: 'SignalGenerated',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: this.currentCause,
      signalId: this.options.ids.signalId(),
      strategyId: slot.strategy.id,
      symbol,
      direction,
      strength,
      referencePrice: reference,
      limitPrice: options.limitPrice ?? null,
    };
    const journal = this.options.journal;
    if (!journal) {
      this.options.bus.publish(topics.signals(slot.strategy.id), signal);
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

  private contextFor(slot: Slot): StrategyContext {
    const register = (symbol: Ticker, registration: Registration) => {
      const list = slot.indicators.get(symbol) ?? [];
      list.push(registration);
      slot.indicators.set(symbol, list);
    };
    return {
      clock: this.options.clock,
      registerIndicator(symbol, indicator, input = 'close') {
        register(symbol, { value: indicator, input });
        return indicator;
      },
      registerBarIndicator(symbol, indicator) {
        register(symbol, { bar: indicator, input: 'close' });
        return indicator;
      },
      position: (symbol) => slot.positions.get(symbol) ?? 0,
      signal: (symbol, direction, options = {}) => this.emit(slot, symbol, direction, options),
      log: (message, fields) => this.options.log?.(slot.strategy.id, message, fields),
    };
  }
}
