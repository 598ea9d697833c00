// Topic names, built only here: the spec's channels plus the two order channels the pipeline needs.
import type { StrategyId, Ticker } from '../identifiers/identifiers.js';

/**
 * Spec channels: market_data.{symbol}, signals.{strategy_id}, trades.executed, portfolio.updates,
 * risk.alerts, system.health, notifications.{type}. Added because the pipeline crosses processes there:
 * bars.{symbol} (closed bars), risk.assessments (approvals and rejections), orders.approved (approved
 * orders to the executor), orders.events (every order lifecycle event) and market.sessions (session
 * open and close, from the scheduler).
 */
export const topics = {
  marketData: (symbol: Ticker | string) => `market_data.${symbol}`,
  bars: (symbol: Ticker | string) => `bars.${symbol}`,
  signals: (strategyId: StrategyId | string) => `signals.${strategyId}`,
  riskAssessments: 'risk.assessments',
  ordersApproved: 'orders.approved',
  /** Orders operators ask for through the API, on their way to the Risk Manager. */
  ordersRequested: 'orders.requested',
  orderEvents: 'orders.events',
  tradesExecuted: 'trades.executed',
  portfolioUpdates: 'portfolio.updates',
  riskAlerts: 'risk.alerts',
  systemHealth: 'system.health',
  notifications: (kind: string) => `notifications.${kind}`,
  marketSessions: 'market.sessions',
  /** Per-symbol trading halts and their resolution (reconciliation, operators). */
  tradingHalts: 'risk.halts',
  /** Differences reconciliation found between the platform and a venue. */
  reconciliation: 'executions.reconciliation',
  /** Changes of risk limits, the restricted list and the kill switch (the audit trail records them). */
  riskLimits: 'risk.limits',
  /** Logins, lockouts, API keys and revoked sessions (durable: caches and the audit trail read it). */
  securityEvents: 'security.events',
  allMarketData: 'market_data.*',
  allBars: 'bars.*',
  allSignals: 'signals.*',
  allNotifications: 'notifications.*',
} as const;

/**
 * Lossy topics may ride plain pub/sub (latest wins). Every other topic is durable: it must survive a
 * consumer restart, so transports keep it in a stream with acknowledgements.
 */
export function isDurableTopic(topic: string): boolean {
  return !topic.startsWith('market_data.') && !topic.startsWith('bars.') && topic !== topics.systemHealth;
}

/** The durable stream a topic belongs to: the first segment for families, the whole name otherwise. */
export function streamOfTopic(topic: string): string {
  const family = topic.slice(0, topic.indexOf('.'));
  return family === 'signals' || family === 'notifications' ? family : topic;
}

/** Whether a subscription pattern (exact, or ending in `.*`) matches a topic. */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return topic.startsWith(pattern.slice(0, -1));
  return pattern === topic;
}
