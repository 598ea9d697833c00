// Repository ports: what the engines need stored and read back, independent of PGlite or PostgreSQL.
import type {
  PositionSnapshot,
  SignalApproved,
  SignalGenerated,
  SignalRejected,
} from '../events/pipeline-events.js';
import type { AccountId, OrderId, StrategyId, Ticker, TradeId } from '../identifiers/identifiers.js';
import type { Bar, Quote } from '../market-data/market-data.js';
import type { Timeframe } from '../market-data/timeframe.js';
import type { Order } from '../orders/order.js';
import type { OrderSide, OrderStatus, OrderType, TimeInForce } from '../orders/order-enums.js';
import type { OrderFilled } from '../orders/order-events.js';
import type { Money } from '../values/money.js';
import type { Price } from '../values/price.js';

export interface MarketDataRepository {
  /** Appends quotes; implementations batch (COPY on PostgreSQL). */
  appendQuotes(quotes: readonly Quote[]): Promise<void>;
  /** Inserts bars, replacing a bar with the same symbol, timeframe and time. */
  appendBars(bars: readonly Bar[]): Promise<void>;
  loadBars(symbol: Ticker, timeframe: Timeframe, from: number, to: number): Promise<Bar[]>;
  latestQuotes(symbol: Ticker, limit: number): Promise<Quote[]>;
  countQuotes(symbol?: Ticker): Promise<number>;
}

/** An order as stored: the orders table row. */
export interface OrderRecord {
  readonly id: OrderId;
  readonly accountId: AccountId;
  readonly symbol: Ticker;
  readonly orderType: OrderType;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly price: Price | null;
  readonly stopPrice: Price | null;
  readonly averageFillPrice: Price | null;
  readonly status: OrderStatus;
  readonly statusReason: string | null;
  readonly timeInForce: TimeInForce;
  readonly strategyId: StrategyId;
  readonly signalId: string | null;
  readonly riskAssessmentId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number | null;
  readonly venueOrderId: string | null;
  readonly commission: Money;
  readonly origin: 'strategy' | 'manual' | 'external';
  readonly orderListId: string | null;
  readonly parentOrderId: OrderId | null;
}

export interface OrderFilter {
  readonly symbol?: Ticker;
  readonly status?: OrderStatus;
  readonly strategyId?: StrategyId;
  readonly openOnly?: boolean;
  readonly accountId?: AccountId;
  readonly limit?: number;
}

export interface OrderRepository {
  /** Inserts or updates the order's row; resolves once it is durable. */
  saveOrder(order: Order): Promise<void>;
  findOrder(id: OrderId): Promise<OrderRecord | null>;
  listOrders(filter?: OrderFilter): Promise<OrderRecord[]>;
}

/** An execution as stored: the trades table row. */
export interface TradeRecord {
  readonly id: TradeId;
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly executedPrice: Price;
  readonly commission: Money;
  readonly executedAt: number;
  readonly venue: string;
  /** The venue's execution id: unique per venue. */
  readonly executionId: string;
  readonly strategyId: StrategyId;
  readonly pnl: Money | null;
}

export interface TradeFilter {
  readonly symbol?: Ticker;
  readonly strategyId?: StrategyId;
  readonly accountId?: AccountId;
  readonly limit?: number;
}

export interface TradeRepository {
  /** Stores a fill; a second call with the same trade id changes nothing (idempotent). Returns whether it was new. */
  recordFill(fill: OrderFilled, realizedPnl: Money | null): Promise<boolean>;
  /** Trades in execution order (oldest first) unless a limit asks for the newest. */
  listTrades(filter?: TradeFilter): Promise<TradeRecord[]>;
}

export interface AccountRecord {
  readonly accountId: AccountId;
  readonly startingCash: Money;
  readonly createdAt: number;
}

export interface PortfolioSnapshotRecord {
  readonly accountId: AccountId;
  readonly date: string;
  readonly totalValue: Money;
  readonly cashBalance: Money;
  readonly investedValue: Money;
  readonly dayPnl: Money | null;
  readonly totalPnl: Money | null;
  readonly performanceMetrics: Readonly<Record<string, unknown>>;
}

export interface PortfolioRepository {
  /** Creates the account with its starting cash if absent; returns the stored record. */
  ensureAccount(accountId: AccountId, startingCash: Money, at: number): Promise<AccountRecord>;
  /** Writes the portfolio_positions rows of an update (upsert by account and symbol). */
  savePositions(accountId: AccountId, positions: readonly PositionSnapshot[], at: number): Promise<void>;
  loadPositions(accountId: AccountId): Promise<PositionSnapshot[]>;
  saveSnapshot(snapshot: PortfolioSnapshotRecord): Promise<void>;
  listSnapshots(accountId: AccountId): Promise<PortfolioSnapshotRecord[]>;
}

export interface SignalRepository {
  saveSignal(signal: SignalGenerated): Promise<void>;
  listSignals(filter?: { strategyId?: StrategyId; limit?: number }): Promise<SignalGenerated[]>;
  saveAssessment(assessment: SignalApproved | SignalRejected): Promise<void>;
  listAssessments(filter?: { limit?: number }): Promise<(SignalApproved | SignalRejected)[]>;
}

export interface StrategyRecord {
  readonly id: StrategyId;
  readonly kind: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly symbols: readonly Ticker[];
  readonly enabled: boolean;
}

export interface StrategyRepository {
  saveStrategy(strategy: StrategyRecord): Promise<void>;
  listStrategies(): Promise<StrategyRecord[]>;
}

/** Remembers which events a consumer has handled, so redelivered messages are skipped. */
export interface ProcessedEventRepository {
  /** Marks the event as processed by the consumer; false when it already was. */
  markProcessed(consumer: string, eventId: string): Promise<boolean>;
}

/** Everything a service may need, from one store. */
export interface Repositories {
  readonly marketData: MarketDataRepository;
  readonly orders: OrderRepository;
  readonly trades: TradeRepository;
  readonly portfolio: PortfolioRepository;
  readonly signals: SignalRepository;
  readonly strategies: StrategyRepository;
  readonly processedEvents: ProcessedEventRepository;
}
