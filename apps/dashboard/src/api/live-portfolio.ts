// The portfolio as it moves: loaded once from /api/trade-executor/portfolio, then replaced by every
// portfolio.updates event; keeps today's equity curve (bounded) for the Overview's charts.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api-client.js';
import { liveStream } from './live-stream.js';

export interface PositionView {
  readonly symbol: string;
  readonly netQuantity: number;
  readonly averageCost: string;
  readonly marketPrice: string | null;
  readonly marketValue: string;
  readonly unrealizedPnl: string;
  readonly realizedPnl: string;
}

export interface PortfolioView {
  readonly cash: string;
  readonly equity: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly commissions: string;
  readonly positions: readonly PositionView[];
}

const maximumPoints = 5_000;
let latest: PortfolioView | undefined;
const curve: { time: number; value: number }[] = [];
const listeners = new Set<() => void>();
let started = false;

function startFollowing(): void {
  if (started) return;
  started = true;
  api<PortfolioView>('trade-executor/portfolio')
    .then((portfolio) => {
      // The curve starts with the first update: its times are market time, which the page does not know yet.
      if (latest === undefined) latest = portfolio;
      for (const listener of listeners) listener();
    })
    .catch(() => undefined);
  liveStream.on('portfolio.updates', (event) => {
    latest = event.data as unknown as PortfolioView;
    curve.push({ time: Number(event.data.occurredAt), value: Number(latest.equity) });
    if (curve.length > maximumPoints) curve.splice(0, curve.length - maximumPoints);
    for (const listener of listeners) listener();
  });
}

/** The latest portfolio and today's equity points; re-renders at most every 250 ms. */
export function useLivePortfolio(): {
  portfolio: PortfolioView | undefined;
  curve: readonly { time: number; value: number }[];
} {
  const [, setVersion] = useState(0);
  useEffect(() => {
    startFollowing();
    let pending: ReturnType<typeof setTimeout> | null = null;
    const listener = () => {
      if (pending === null)
        pending = setTimeout(() => {
          pending = null;
          setVersion((version) => version + 1);
        }, 250);
    };
    listeners.add(listener);
    listener();
    return () => {
      listeners.delete(listener);
      if (pending !== null) clearTimeout(pending);
    };
  }, []);
  return { portfolio: latest, curve };
}

/** The curve's drawdown from its running peak, as a negative fraction. */
export function drawdownOf(
  points: readonly { time: number; value: number }[],
): { time: number; value: number }[] {
  let peak = Number.NEGATIVE_INFINITY;
  return points.map((point) => {
    peak = Math.max(peak, point.value);
    return { time: point.time, value: peak > 0 ? point.value / peak - 1 : 0 };
  });
}
