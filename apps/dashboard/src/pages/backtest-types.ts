// The shapes the Backtesting API answers with (runs and their results).

export interface RunRecord {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  request: {
    strategy?: string;
    symbols?: string[];
    parameters?: Record<string, number>;
    from?: string;
    to?: string;
    cash?: string;
  };
  progress: number;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface BacktestResultView {
  equityCurve: { time: number; equity: number; exposure: number }[];
  benchmarkCurve: number[];
  metrics: Record<string, number | null>;
  fills: {
    time: string;
    symbol: string;
    side: string;
    quantity: number;
    price: string;
    commission: string;
  }[];
  finalEquity: string;
  finalCash: string;
  bars: number;
  prices?: number[];
}

export const percentMetrics = new Set([
  'totalReturn',
  'cagr',
  'annualVolatility',
  'maxDrawdown',
  'winRate',
  'exposure',
  'benchmarkReturn',
  'alpha',
]);
export const moneyMetrics = new Set(['expectancy', 'averageWin', 'averageLoss', 'commissions']);

export function runLabel(run: RunRecord): string {
  const parameters = Object.entries(run.request.parameters ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return `${run.request.strategy ?? '?'} ${(run.request.symbols ?? []).join(',')} ${parameters}`.trim();
}
