// Which bus topics the live stream carries, the permission each needs, and which ones are latest-wins.
import { type PlatformEvent, topics } from '@ats/core';
import type { Permission } from '../security/principal.js';

/** The subscriptions of the hub: every channel a dashboard page shows. */
export const liveTopicPatterns: readonly string[] = [
  topics.allMarketData,
  topics.allBars,
  topics.allSignals,
  topics.allNotifications,
  topics.riskAssessments,
  topics.ordersRequested,
  topics.orderEvents,
  topics.tradesExecuted,
  topics.portfolioUpdates,
  topics.riskAlerts,
  topics.systemHealth,
  topics.marketSessions,
  topics.tradingHalts,
  topics.riskLimits,
  topics.reconciliation,
  topics.securityEvents,
];

/** Security events (logins, keys) are for administrators; every other channel is readable by every role. */
export function permissionOfTopic(topic: string): Permission {
  return topic === topics.securityEvents ? 'admin' : 'read';
}

/**
 * Quotes, the portfolio and health reports are states: only the newest matters, so a client that is
 * behind gets the latest one per key instead of the backlog. Every other event is kept (or dropped
 * and counted when the buffer is full).
 */
export function coalesceKeyOf(topic: string, event: PlatformEvent): string | null {
  if (topic.startsWith('market_data.')) return topic;
  if (event.type === 'PortfolioUpdated') return `${topic}:${event.accountId}`;
  if (event.type === 'HealthReported') return `${topic}:${event.service}`;
  return null;
}
