// A strategy made of other strategies (and models written as strategies): each source runs with a
// context of its own whose signals go to signal fusion; the fused decision trades under this
// strategy's id, so its positions, PnL and metrics are kept like any strategy's.
import type { Bar, OrderFilled, Quote, SignalDirection, StrategyId, Ticker } from '@ats/core';
import { Strategy } from '../strategy/strategy.js';
import type { StrategyContext } from '../strategy/strategy-context.js';
import { type FusedDecision, SignalFusion, type SignalFusionOptions } from './signal-fusion.js';

export type FusedStrategyOptions = Omit<SignalFusionOptions, 'sources'>;

export class FusedStrategy extends Strategy {
  readonly fusion: SignalFusion;
  private readonly lastPrice = new Map<Ticker, number>();
  private readonly contexts = new Map<Strategy, StrategyContext>();
  /** The direction last signalled per symbol: a decision is signalled once, not again every bar. */
  private readonly signalled = new Map<Ticker, SignalDirection>();
  /** The last fused decision per symbol, for the API and tests. */
  readonly decisions = new Map<Ticker, FusedDecision>();

  constructor(
    id: StrategyId,
    readonly sources: readonly Strategy[],
    options: FusedStrategyOptions,
  ) {
    const symbols = [...new Set(sources.flatMap((source) => source.symbols))];
    super(id, symbols);
    const ids = sources.map((source) => source.id);
    if (new Set(ids).size !== ids.length) throw new RangeError(`fusion ${id}: a source is listed twice`);
    this.fusion = new SignalFusion({ ...options, sources: ids });
  }

  override onStart(context: StrategyContext): void {
    for (const source of this.sources) {
      // Indicators register on this strategy's slot (updated before onBar); signals go to fusion;
      // the position a source sees is the fused one, the position its signals trade.
      const own: StrategyContext = {
        clock: context.clock,
        registerIndicator: (symbol, indicator, input, timeframe) =>
          context.registerIndicator(symbol, indicator, input, timeframe),
        registerBarIndicator: (symbol, indicator, timeframe) =>
          context.registerBarIndicator(symbol, indicator, timeframe),
        subscribeTimeframe: (symbol, timeframe) => context.subscribeTimeframe(symbol, timeframe),
        position: (symbol) => context.position(symbol),
        signal: (symbol, direction, options = {}) =>
          this.observe(source, symbol, direction, options.strength ?? 1, context),
        log: (message, fields) => context.log(message, { source: source.id, ...fields }),
        warmingUp: () => context.warmingUp?.() ?? false,
      };
      this.contexts.set(source, own);
      source.onStart(own);
    }
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    this.lastPrice.set(bar.symbol, bar.close.toNumber());
    for (const source of this.sources)
      if (source.symbols.includes(bar.symbol))
        source.onBar(bar, this.contexts.get(source) as StrategyContext);
    this.decide(bar.symbol, context);
  }

  override onQuote(quote: Quote, context: StrategyContext): void {
    this.lastPrice.set(quote.symbol, quote.last.toNumber());
    for (const source of this.sources)
      if (source.symbols.includes(quote.symbol))
        source.onQuote(quote, this.contexts.get(source) as StrategyContext);
    this.decide(quote.symbol, context);
  }

  override onFill(fill: OrderFilled): void {
    for (const source of this.sources)
      if (source.symbols.includes(fill.symbol))
        source.onFill(fill, this.contexts.get(source) as StrategyContext);
  }

  override onStop(): void {
    for (const source of this.sources) source.onStop(this.contexts.get(source) as StrategyContext);
  }

  private observe(
    source: Strategy,
    symbol: Ticker,
    direction: SignalDirection,
    strength: number,
    context: StrategyContext,
  ): void {
    const price = this.lastPrice.get(symbol);
    if (price === undefined)
      throw new RangeError(`no price seen yet for ${symbol}; emit signals from onBar or onQuote`);
    this.fusion.observe(source.id, symbol, direction, strength, context.clock.now(), price);
  }

  /** Trades toward the fused direction when the position does not already hold it. */
  private decide(symbol: Ticker, context: StrategyContext): void {
    const decision = this.fusion.fuse(symbol, context.clock.now());
    this.decisions.set(symbol, decision);
    if (decision.sources.length === 0) return;
    const position = context.position(symbol);
    const wanted = decision.direction;
    const holds = wanted === 'LONG' ? position > 0 : wanted === 'SHORT' ? position < 0 : position === 0;
    // Held (filled, or never needed): remembered, so a later change of mind is signalled again.
    if (holds || this.signalled.get(symbol) === wanted) {
      this.signalled.set(symbol, wanted);
      return;
    }
    this.signalled.set(symbol, wanted);
    context.signal(symbol, wanted, {
      strength: wanted === 'FLAT' ? 1 : decision.strength,
      sources: decision.sources,
    });
  }
}
