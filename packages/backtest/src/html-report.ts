// Writes a backtest as one self-contained HTML page: the dashboard's SVG charts (@ats/charts) with dates
// on the time axes, a log scale for equity and hover values (an inline script, no network), formatted
// metrics, monthly returns and the trade list.
import {
  attachChartHover,
  type ChartPoint,
  formatMoney,
  formatNumber,
  formatPercent,
  monthlyReturns,
  monthNames,
  timeSeriesChart,
} from '@ats/charts';
import type { BacktestResult } from './backtest-runner.js';
import { riskMonitorSection } from './risk-monitor-section.js';
import { riskRefusalsSection } from './risk-refusals-section.js';

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);

/** Monthly returns (rows: years, columns: months) from the equity curve, as an HTML table. */
function monthlyReturnsTable(result: BacktestResult, startingCash: number): string {
  const years = monthlyReturns(result.equityCurve, startingCash);
  const cell = (value: number | null) =>
    value === null
      ? '<td></td>'
      : `<td style="color:${value >= 0 ? '#17803d' : '#b42318'}">${(value * 100).toFixed(1)}%</td>`;
  const rows = years
    .map(([year, values]) => `<tr><th>${year}</th>${values.map(cell).join('')}</tr>`)
    .join('');
  return `<table><tr><th></th>${monthNames.map((month) => `<th>${month}</th>`).join('')}</tr>${rows}</table>`;
}

/** VaR over time, charted where the rolling window is full (the first points have none). */
function valueAtRiskChart(result: BacktestResult): string {
  const { values, window, confidence } = result.valueAtRisk;
  const first = values.findIndex((value) => value !== null);
  if (first < 0)
    return `<h2>Value at risk</h2><p>The curve is shorter than the ${window}-bar window of the rolling VaR.</p>`;
  const points = values.flatMap((value, index) => {
    const time = result.equityCurve[index]?.time;
    return value === null || time === undefined ? [] : [{ time, value }];
  });
  return `<h2>Value at risk (${(confidence * 100).toFixed(0)}%, one bar, historical over ${window} bars)</h2>${timeSeriesChart({ title: 'Value at risk', series: [{ label: 'VaR', color: '#7a2e0e', points }], format: 'currency', height: 180 })}`;
}

export interface ReportOptions {
  readonly title: string;
  readonly startingCash: number;
  /** Closing prices of the (first) traded symbol at each point of the curve, for the trade chart. */
  readonly prices?: readonly number[];
}

/** Metrics that are fractions show as percentages, amounts as money, the rest as numbers. */
const percentMetrics = new Set([
  'totalReturn',
  'cagr',
  'annualVolatility',
  'maxDrawdown',
  'winRate',
  'exposure',
  'benchmarkReturn',
  'alpha',
]);
const moneyMetrics = new Set(['expectancy', 'averageWin', 'averageLoss', 'commissions']);

export function formatMetric(name: string, value: unknown): string {
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  if (percentMetrics.has(name)) return formatPercent(value);
  if (moneyMetrics.has(name)) return formatMoney(value);
  return formatNumber(value, Number.isInteger(value) ? 0 : 2);
}

export function renderHtmlReport(result: BacktestResult, options: ReportOptions): string {
  const equity: ChartPoint[] = result.equityCurve.map((point) => ({ time: point.time, value: point.equity }));
  let peak = options.startingCash;
  const drawdown = equity.map((point) => {
    peak = Math.max(peak, point.value);
    return { time: point.time, value: point.value / peak - 1 };
  });
  const benchmark = result.benchmarkCurve.flatMap((value, index) => {
    const time = result.equityCurve[index]?.time;
    return time === undefined ? [] : [{ time, value }];
  });
  const prices = (options.prices ?? []).flatMap((value, index) => {
    const time = result.equityCurve[index]?.time;
    return time === undefined ? [] : [{ time, value }];
  });
  const markers = result.fills.map((fill) => ({
    time: Date.parse(fill.time),
    value: Number(fill.price),
    kind: fill.side === 'BUY' ? ('buy' as const) : ('sell' as const),
    label: `${fill.side} ${fill.quantity} ${fill.symbol} @ ${fill.price}`,
  }));
  const metrics = Object.entries(result.metrics)
    .map(
      ([name, value]) =>
        `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(formatMetric(name, value))}</td></tr>`,
    )
    .join('');
  const fills = result.fills
    .map(
      (fill) =>
        `<tr><td>${fill.time.slice(0, 10)}</td><td>${escapeHtml(fill.symbol)}</td><td>${fill.side}</td><td>${fill.quantity}</td><td>${escapeHtml(formatNumber(Number(fill.price), 2))}</td><td>${escapeHtml(formatMoney(Number(fill.commission)))}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(options.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1d2939;max-width:1100px}table{border-collapse:collapse;font-size:12px}th,td{padding:3px 8px;border-bottom:1px solid #eaecf0;text-align:right}th{text-align:left}h2{margin-top:28px}svg:focus{outline:2px solid #84adff}</style></head>
<body><h1>${escapeHtml(options.title)}</h1>
<p>Final equity ${escapeHtml(formatMoney(Number(result.finalEquity)))} from ${escapeHtml(formatMoney(options.startingCash))} over ${result.bars} bars; ${result.fills.length} fills; ${result.account} account${result.rejections.length > 0 ? `, ${result.rejections.length} orders refused by the venue (first: ${escapeHtml(result.rejections[0]?.reason ?? '')})` : ''}.</p>
<h2>Equity</h2>${timeSeriesChart({
    title: 'Equity against buy and hold',
    series: [
      { label: 'strategy', color: '#1570ef', points: equity },
      { label: 'buy and hold', color: '#98a2b3', points: benchmark },
    ],
    logScale: true,
    format: 'currency',
  })}
<h2>Drawdown</h2>${timeSeriesChart({ title: 'Drawdown', series: [{ label: 'drawdown', color: '#b42318', points: drawdown, area: true }], format: 'percent', height: 170 })}
${valueAtRiskChart(result)}
${prices.length > 0 ? `<h2>Trades on the price</h2>${timeSeriesChart({ title: 'Trades on the price', series: [{ label: 'close', color: '#344054', points: prices }], markers, format: 'number' })}` : ''}
<h2>Monthly returns</h2>${monthlyReturnsTable(result, options.startingCash)}
<h2>Metrics</h2><table>${metrics}</table>
${riskRefusalsSection(result.riskRefusals)}
${riskMonitorSection(result.monitor)}
<h2>Trades</h2><table><tr><th>date</th><th>symbol</th><th>side</th><th>quantity</th><th>price</th><th>commission</th></tr>${fills}</table>
<script>(${attachChartHover.toString()})(document);</script>
</body></html>`;
}
