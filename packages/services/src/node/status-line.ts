// The status line `npm start` prints every few seconds: market time, quotes/s, signals, orders, fills, equity.
import type { DataEngine, ExecutionEngine, Portfolio, RiskEngine, StrategyRuntime } from '@ats/engine';

/** The engines a node runs, whichever way they are wired. */
export interface NodeParts {
  readonly data: DataEngine;
  readonly strategies: StrategyRuntime;
  readonly risk: RiskEngine;
  readonly execution: ExecutionEngine;
  readonly portfolio: Portfolio;
}

export interface StatusSample {
  readonly at: number;
  readonly quotes: number;
}

/** Formats one status line from the kernel's counters and the previous sample (for the rate). */
export function formatStatusLine(
  kernel: NodeParts,
  marketTime: number,
  previous: StatusSample,
  now: number,
): string {
  const quotes = kernel.data.quotesAccepted;
  const seconds = Math.max(0.001, (now - previous.at) / 1000);
  const rate = (quotes - previous.quotes) / seconds;
  const market = new Date(marketTime).toLocaleString('en-US', {
    timeZone: 'America/New_York',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const portfolio = kernel.portfolio;
  return [
    `market ${market} ET`,
    `quotes/s ${rate.toFixed(1)}`,
    `quotes ${quotes} (rejected ${kernel.data.quotesRejected})`,
    `signals ${kernel.strategies.signalCount}`,
    `orders ${kernel.execution.orderCount}`,
    `fills ${kernel.execution.fillCount}`,
    `equity ${portfolio.equity().toString()}`,
    `cash ${portfolio.cash().toString()}`,
  ].join(' | ');
}
