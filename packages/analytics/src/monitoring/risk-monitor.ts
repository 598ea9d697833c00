// The Risk Manager's monitor: portfolio exposures, beta delta, drawdown and VaR kept incrementally as
// prices arrive (IncrementalPortfolioRisk), return statistics sampled at an interval of market time,
// alarms with hysteresis published on risk.alerts, and the configured action on a critical alarm. The
// live Risk Manager feeds it quotes; a backtest feeds it bar closes (the same class, the same settings).
import {
  type Clock,
  type IdGenerator,
  type Instrument,
  type MessageBus,
  type OrderFilled,
  type PlatformEvent,
  type RiskAlertRaised,
  type Subscription,
  type Ticker,
  topics,
} from '@ats/core';
import { EwmaReturnStatistics } from '../sizing/ewma-return-statistics.js';
import { DailyReturnStatistics } from './daily-return-statistics.js';
import { type AlarmChange, type AlarmLevels, HysteresisAlarm } from './hysteresis-alarm.js';
import { IncrementalPortfolioRisk } from './incremental-portfolio-risk.js';
import { ReturnHistory } from './return-history.js';

/** The alarms whose critical level may trigger the configured action. */
export type MonitorAlarmName =
  | 'var_utilization'
  | 'drawdown'
  | 'volatility_spike'
  | 'correlation'
  | 'sector_exposure';

/**
 * The monitor's settings: the risk_models.monitor block of the configuration (and of a backtest
 * request), checked by its schema before it gets here.
 */
export interface RiskMonitorSettings {
  /** The symbol beta and delta are measured against; absent: the book's own mean (beta 1 each). */
  readonly benchmark?: string | undefined;
  readonly samples_per_day: number;
  readonly ewma_lambda: number;
  readonly fast_lambda: number;
  readonly history_samples: number;
  readonly var_confidence: number;
  readonly var_limit?: number | undefined;
  readonly var_utilization: AlarmLevels;
  readonly drawdown: AlarmLevels;
  readonly volatility_spike: AlarmLevels;
  readonly correlation: AlarmLevels;
  readonly sector_exposure: AlarmLevels;
  readonly action_on_critical: MonitorAction;
  readonly action_alarms: readonly MonitorAlarmName[];
  readonly reduce_fraction: number;
}

/** What the monitor reads of the account: cash, marks and net positions. */
export interface MonitoredPortfolio {
  cash(): { toNumber(): number };
  mark(symbol: Ticker): { toNumber(): number } | null | undefined;
  netQuantity(symbol: Ticker): number;
}

export type MonitorAction = 'none' | 'halt' | 'reduce' | 'flatten';

/** What the monitor can do about a critical alarm. */
export interface MonitorActions {
  halt(reason: string): void | Promise<void>;
  /** Reduces every position by the fraction (1: flatten), through reduce-only order requests. */
  reduce(fraction: number, reason: string): void | Promise<void>;
}

export interface RiskMonitorOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly portfolio: MonitoredPortfolio;
  readonly instruments: readonly Instrument[];
  readonly config: RiskMonitorSettings;
  readonly sampleIntervalMilliseconds: number;
  /** risk_limits.max_sector_exposure, the base of the sector exposure alarm. */
  readonly maxSectorExposure: number;
  readonly actions: MonitorActions;
  /** Called after each sample (e.g. to store the VaR history); a failure is reported, not thrown. */
  readonly onSample?: (monitor: RiskMonitor, at: number) => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

type AlarmName = MonitorAlarmName;

export class RiskMonitor {
  readonly risk: IncrementalPortfolioRisk;
  /** Return statistics per sample, and the same scaled to a day (what sizers and VaR read). */
  readonly sampled: EwmaReturnStatistics;
  readonly daily: DailyReturnStatistics;
  readonly history: ReturnHistory;
  private readonly fast: EwmaReturnStatistics;
  private readonly symbols: readonly string[];
  private readonly alarms = new Map<string, { name: AlarmName; alarm: HysteresisAlarm }>();
  private readonly subscriptions: Subscription[] = [];
  private lastSampleAt: number | null = null;
  private samplesTaken = 0;
  private readonly alertsRaised: RiskAlertRaised[] = [];

  constructor(private readonly options: RiskMonitorOptions) {
    const { config, instruments } = options;
    this.symbols = instruments.map((instrument) => instrument.symbol as string);
    this.risk = new IncrementalPortfolioRisk(
      this.symbols,
      instruments.map((instrument) => instrument.sector),
      config.var_confidence,
    );
    this.sampled = new EwmaReturnStatistics(config.ewma_lambda);
    this.fast = new EwmaReturnStatistics(config.fast_lambda);
    this.daily = new DailyReturnStatistics(this.sampled, config.samples_per_day);
    this.history = new ReturnHistory(this.symbols, config.history_samples);
  }

  /** Loads positions, cash and marks from the portfolio; call before start and after a restore. */
  resynchronize(): void {
    const { portfolio } = this.options;
    this.risk.setCash(portfolio.cash().toNumber());
    this.symbols.forEach((symbol, slot) => {
      const mark = portfolio.mark(symbol as Ticker);
      if (mark) this.risk.setPrice(slot, mark.toNumber());
      this.risk.setQuantity(slot, portfolio.netQuantity(symbol as Ticker));
    });
  }

  start(): void {
    this.resynchronize();
    const { bus } = this.options;
    this.subscriptions.push(
      bus.subscribe(topics.allMarketData, (event) => this.onEvent(event)),
      bus.subscribe(topics.tradesExecuted, (event) => this.onEvent(event), { group: 'risk-manager-monitor' }),
    );
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
  }

  private onEvent(event: PlatformEvent): void {
    if (event.type === 'QuoteReceived')
      this.onPrice(event.quote.symbol, event.quote.last.toNumber(), event.quote.time);
    else if (event.type === 'OrderFilled') this.onFill(event);
  }

  /**
   * One price: O(1) for the exposures and O(n) for the VaR. A price past the sample interval first
   * closes the sample with the prices before it, so every symbol's return covers the same interval.
   */
  onPrice(symbol: string, price: number, time: number): void {
    if (!(Number.isFinite(price) && price > 0)) return;
    if (this.lastSampleAt === null) this.lastSampleAt = time;
    else if (time - this.lastSampleAt >= this.options.sampleIntervalMilliseconds) {
      this.lastSampleAt = time;
      this.sample(time);
    }
    this.sampled.mark(symbol, price);
    this.fast.mark(symbol, price);
    const slot = this.risk.slotOf(symbol);
    if (slot >= 0) {
      this.risk.setPrice(slot, price);
      this.check();
    }
  }

  /** A fill moves the position and the cash at once (the next sample re-reads both from the portfolio). */
  onFill(fill: OrderFilled): void {
    const slot = this.risk.slotOf(fill.symbol);
    if (slot < 0) return;
    const signed = fill.side === 'BUY' ? fill.lastQuantity.value : -fill.lastQuantity.value;
    const price = fill.lastPrice.toNumber();
    this.risk.setCash(this.risk.cash - signed * price - fill.commission.toNumber());
    this.risk.setPrice(slot, price);
    this.risk.setQuantity(slot, this.risk.quantityOf(slot) + signed);
    this.check();
  }

  /** Turns the marked prices into one return sample; refreshes covariance, betas and the sample alarms. */
  sample(at: number): void {
    this.sampled.sample();
    this.fast.sample();
    // Positions and cash from the portfolio (the truth); the fills applied since then were estimates.
    this.resynchronize();
    // The first sample only sets the base prices: it has no return yet.
    if (this.samplesTaken++ > 0)
      this.history.push(this.symbols.map((symbol) => this.sampled.lastReturnOf(symbol)));
    const covariance = this.daily.covarianceOf(this.symbols);
    if (covariance) this.risk.setCovariance(covariance);
    const benchmark = this.options.config.benchmark;
    if (benchmark) {
      this.symbols.forEach((symbol, slot) => {
        const beta = this.daily.betaOf(symbol, benchmark);
        if (beta !== null) this.risk.setBeta(slot, beta);
      });
    }
    this.checkSampled();
    this.check();
    if (this.options.onSample)
      this.options.onSample(this, at).catch((error) => this.options.onError?.(error));
  }

  /** The per-quote alarms: VaR utilization, drawdown, sector exposure. */
  private check(): void {
    const { config } = this.options;
    const figures = this.risk.figures();
    if (config.var_limit !== undefined)
      this.feed(
        'var_utilization',
        'VAR_UTILIZATION',
        config.var_utilization,
        figures.valueAtRisk / config.var_limit,
        `VaR ${figures.valueAtRisk.toFixed(2)} of limit ${config.var_limit}`,
      );
    this.feed(
      'drawdown',
      'DRAWDOWN',
      config.drawdown,
      figures.drawdown,
      `drawdown ${(figures.drawdown * 100).toFixed(2)}% from ${figures.highWaterMark.toFixed(2)}`,
    );
    if (figures.equity > 0) {
      for (const [sector, exposure] of Object.entries(figures.sectors)) {
        const share = (exposure.long + exposure.short) / figures.equity / this.options.maxSectorExposure;
        this.feed(
          'sector_exposure',
          `SECTOR_EXPOSURE:${sector}`,
          config.sector_exposure,
          share,
          `sector ${sector} gross ${(exposure.long + exposure.short).toFixed(2)} is ${(share * 100).toFixed(1)}% of its limit`,
        );
      }
    }
  }

  /** The alarms read at samples: volatility spikes and the correlation of held positions. */
  private checkSampled(): void {
    const { config } = this.options;
    for (const symbol of this.symbols) {
      const slow = this.sampled.volatilityOf(symbol);
      const fast = this.fast.volatilityOf(symbol);
      if (slow && fast !== null)
        this.feed(
          'volatility_spike',
          `VOLATILITY_SPIKE:${symbol}`,
          config.volatility_spike,
          fast / slow,
          `${symbol} short-term volatility ${(fast / slow).toFixed(2)}x its usual`,
        );
    }
    const held = this.heldSymbols();
    let highest = 0;
    let pair = '';
    for (let i = 0; i < held.length; i++)
      for (let j = i + 1; j < held.length; j++) {
        const correlation = this.daily.correlationOf(held[i]!, held[j]!);
        if (correlation !== null && correlation > highest) {
          highest = correlation;
          pair = `${held[i]}/${held[j]}`;
        }
      }
    this.feed(
      'correlation',
      'CORRELATION',
      config.correlation,
      highest,
      `highest correlation of held positions ${highest.toFixed(3)} (${pair || 'none'})`,
    );
  }

  heldSymbols(): string[] {
    const values = this.risk.values();
    return this.symbols.filter((_, slot) => values[slot] !== 0);
  }

  private feed(name: AlarmName, key: string, levels: AlarmLevels, value: number, detail: string): void {
    let entry = this.alarms.get(key);
    if (!entry) {
      entry = { name, alarm: new HysteresisAlarm(`RISK_MONITOR_${key.split(':')[0]}`, levels) };
      this.alarms.set(key, entry);
    }
    const change = entry.alarm.update(value);
    if (change) this.publish(entry.alarm.code, key, change, detail, name);
  }

  private publish(code: string, key: string, change: AlarmChange, detail: string, name: AlarmName): void {
    const now = this.options.clock.now();
    const alert: RiskAlertRaised = {
      type: 'RiskAlertRaised',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      code,
      severity: change.to === 'normal' ? 'info' : change.to,
      message: `${key} ${change.from} -> ${change.to}: ${detail}`,
    };
    this.alertsRaised.push(alert);
    if (this.alertsRaised.length > 100) this.alertsRaised.shift();
    this.options.bus.publish(topics.riskAlerts, alert);
    if (
      change.to === 'critical' &&
      change.from !== 'critical' &&
      this.options.config.action_alarms.includes(name)
    )
      this.act(`${key}: ${detail}`);
  }

  private act(reason: string): void {
    const { config, actions, onError } = this.options;
    const run = (): void | Promise<void> => {
      if (config.action_on_critical === 'halt') return actions.halt(`risk monitor: ${reason}`);
      if (config.action_on_critical === 'reduce')
        return actions.reduce(config.reduce_fraction, `risk monitor: ${reason}`);
      if (config.action_on_critical === 'flatten') return actions.reduce(1, `risk monitor: ${reason}`);
    };
    try {
      const done = run();
      if (done) done.catch((error) => onError?.(error));
    } catch (error) {
      onError?.(error);
    }
  }

  /** Alarm states by key, and the most recent alerts. */
  alarmStates(): { states: Record<string, string>; recent: readonly RiskAlertRaised[] } {
    const states: Record<string, string> = {};
    for (const [key, entry] of this.alarms) states[key] = entry.alarm.state;
    return { states, recent: [...this.alertsRaised] };
  }

  get sampleTime(): number | null {
    return this.lastSampleAt;
  }
}
