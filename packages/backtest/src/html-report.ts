// Writes a backtest as one self-contained HTML page (inline SVG, no scripts or network) and its JSON.
import type { BacktestResult } from './backtest-runner.js';
import { riskRefusalsSection } from './risk-refusals-section.js';

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);

/** An SVG line chart of one or more series over the same x positions. */
function lineChart(
  series: { values: readonly number[]; color: string; label: string }[],
  height = 220,
  markers: { index: number; color: string; label: string }[] = [],
): string {
  const width = 900;
  const all = series.flatMap((line) => line.values).filter(Number.isFinite);
  const low = Math.min(...all);
  const high = Math.max(...all);
  const span = high - low || 1;
  const count = Math.max(1, ...series.map((line) => line.values.length - 1));
  const x = (index: number) => ((index / count) * (width - 60) + 50).toFixed(1);
  const y = (value: number) => (height - 20 - ((value - low) / span) * (height - 40)).toFixed(1);
  const lines = series
    .map(
      (line) =>
        `<polyline fill="none" stroke="${line.color}" stroke-width="1.2" points="${line.values.map((value, index) => `${x(index)},${y(value)}`).join(' ')}"><title>${escapeHtml(line.label)}</title></polyline>`,
    )
    .join('');
  const dots = markers
    .map((marker) => {
      const value = series[0]?.values[marker.index] ?? low;
      return `<circle cx="${x(marker.index)}" cy="${y(value)}" r="3" fill="${marker.color}"><title>${escapeHtml(marker.label)}</title></circle>`;
    })
    .join('');
  const legend = series
    .map(
      (line, index) =>
        `<text x="${60 + index * 160}" y="14" fill="${line.color}" font-size="12">${escapeHtml(line.label)}</text>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img"><text x="4" y="${height - 20}" font-size="10">${low.toFixed(2)}</text><text x="4" y="24" font-size="10">${high.toFixed(2)}</text>${legend}${lines}${dots}</svg>`;
}

/** Monthly returns (rows: years, columns: months) from the equity curve. */
function monthlyReturns(result: BacktestResult, startingCash: number): string {
  const monthEnd = new Map<string, number>();
  for (const point of result.equityCurve)
    monthEnd.set(new Date(point.time).toISOString().slice(0, 7), point.equity);
  const years = new Map<string, (number | null)[]>();
  let previous = startingCash;
  for (const [month, equity] of monthEnd) {
    const [year, monthNumber] = month.split('-') as [string, string];
    const row = years.get(year) ?? Array.from({ length: 12 }, () => null);
    row[Number(monthNumber) - 1] = equity / previous - 1;
    years.set(year, row);
    previous = equity;
  }
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const cell = (value: number | null) =>
    value === null
      ? '<td></td>'
      : `<td style="color:${value >= 0 ? '#17803d' : '#b42318'}">${(value * 100).toFixed(1)}%</td>`;
  const rows = [...years]
    .map(([year, values]) => `<tr><th>${year}</th>${values.map(cell).join('')}</tr>`)
    .join('');
  return `<table><tr><th></th>${months.map((month) => `<th>${month}</th>`).join('')}</tr>${rows}</table>`;
}

/** VaR over time, charted where the rolling window is full (the first points have none). */
function valueAtRiskChart(result: BacktestResult): string {
  const { values, window, confidence } = result.valueAtRisk;
  const first = values.findIndex((value) => value !== null);
  if (first < 0)
    return `<h2>Value at risk</h2><p>The curve is shorter than the ${window}-bar window of the rolling VaR.</p>`;
  const series = values.slice(first).map((value) => value ?? 0);
  return `<h2>Value at risk (${(confidence * 100).toFixed(0)}%, one bar, historical over ${window} bars)</h2>${lineChart([{ values: series, color: '#7a2e0e', label: 'VaR' }], 160)}`;
}

export interface ReportOptions {
  readonly title: string;
  readonly startingCash: number;
  /** Closing prices of the (first) traded symbol at each point of the curve, for the trade chart. */
  readonly prices?: readonly number[];
}

export function renderHtmlReport(result: BacktestResult, options: ReportOptions): string {
  const equity = result.equityCurve.map((point) => point.equity);
  let peak = options.startingCash;
  const drawdown = equity.map((value) => {
    peak = Math.max(peak, value);
    return -(1 - value / peak) * 100;
  });
  const indexOfTime = new Map(
    result.equityCurve.map((point, index) => [new Date(point.time).toISOString(), index]),
  );
  const markers = result.fills.flatMap((fill) => {
    const index = indexOfTime.get(fill.time);
    return index === undefined
      ? []
      : [
          {
            index,
            color: fill.side === 'BUY' ? '#17803d' : '#b42318',
            label: `${fill.side} ${fill.quantity} @ ${fill.price}`,
          },
        ];
  });
  const metrics = Object.entries(result.metrics)
    .map(
      ([name, value]) =>
        `<tr><th>${escapeHtml(name)}</th><td>${typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(4) : String(value)) : String(value)}</td></tr>`,
    )
    .join('');
  const fills = result.fills
    .map(
      (fill) =>
        `<tr><td>${fill.time.slice(0, 10)}</td><td>${fill.symbol}</td><td>${fill.side}</td><td>${fill.quantity}</td><td>${fill.price}</td><td>${fill.commission}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1d2939}table{border-collapse:collapse;font-size:12px}th,td{padding:3px 8px;border-bottom:1px solid #eaecf0;text-align:right}th{text-align:left}h2{margin-top:28px}</style></head>
<body><h1>${escapeHtml(options.title)}</h1>
<p>Final equity ${escapeHtml(result.finalEquity)} from ${options.startingCash.toFixed(2)} over ${result.bars} bars; ${result.fills.length} fills; ${result.account} account${result.rejections.length > 0 ? `, ${result.rejections.length} orders refused by the venue (first: ${escapeHtml(result.rejections[0]?.reason ?? '')})` : ''}.</p>
<h2>Equity</h2>${lineChart([
    { values: equity, color: '#1570ef', label: 'strategy' },
    { values: result.benchmarkCurve, color: '#98a2b3', label: 'buy and hold' },
  ])}
<h2>Drawdown (%)</h2>${lineChart([{ values: drawdown, color: '#b42318', label: 'drawdown' }], 160)}
${valueAtRiskChart(result)}
${options.prices ? `<h2>Trades on the price</h2>${lineChart([{ values: options.prices, color: '#344054', label: 'close' }], 240, markers)}` : ''}
<h2>Monthly returns</h2>${monthlyReturns(result, options.startingCash)}
<h2>Metrics</h2><table>${metrics}</table>
${riskRefusalsSection(result.riskRefusals)}
<h2>Fills</h2><table><tr><th>date</th><th>symbol</th><th>side</th><th>quantity</th><th>price</th><th>commission</th></tr>${fills}</table>
</body></html>`;
}
