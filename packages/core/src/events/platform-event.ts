// The union of every event that travels on the bus.
import type { OrderEvent } from '../orders/order-events.js';
import type { BarClosed, QuoteReceived } from './market-data-events.js';
import type {
  HealthReported,
  MarketSessionChanged,
  NotificationRaised,
  OrderRequested,
  PortfolioUpdated,
  ReconciliationDifferenceFound,
  RiskAlertRaised,
  SignalApproved,
  SignalGenerated,
  SignalRejected,
  TradingHaltChanged,
} from './pipeline-events.js';
import type { RiskLimitChanged } from './risk-limit-events.js';
import type { SecurityEventRecorded } from './security-events.js';

export type PlatformEvent =
  | QuoteReceived
  | BarClosed
  | SignalGenerated
  | SignalApproved
  | SignalRejected
  | OrderEvent
  | PortfolioUpdated
  | RiskAlertRaised
  | HealthReported
  | NotificationRaised
  | MarketSessionChanged
  | TradingHaltChanged
  | OrderRequested
  | ReconciliationDifferenceFound
  | RiskLimitChanged
  | SecurityEventRecorded;

export type PlatformEventType = PlatformEvent['type'];
