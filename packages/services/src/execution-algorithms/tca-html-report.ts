// The TCA report as one self-contained HTML page: a table of every metric, and per parent a chart of
// its execution prices against the market over the order's life (inline SVG, no script, no network).

export interface ChartSeries {
  readonly parentId: string;
  readonly title: string;
  /** The market (quote mid or bar close) over the parent's life. */
  readonly market: readonly { at: number; price: number }[];
  readonly fills: readonly { at: number; price: number; quantity: number }[];
  readonly arrival: number | null;
}

const escapeHtml = (text: unknown) =>
  String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const columns = [
  'subject_id',
  'symbol',
  'side',
  'algorithm',
  'quantity',
  'filled_quantity',
  'fill_rate',
  'arrival_price',
  'average_price',
  'interval_vwap',
  'close_price',
  'slippage_arrival_bps',
  'slippage_vwap_bps',
  'slippage_close_bps',
  'delay_cost',
  'trading_cost',
  'opportunity_cost',
  'shortfall_bps',
  'commissions',
  'decision_to_submit_ms',
  'submit_to_ack_ms',
  'ack_to_first_fill_ms',
  'first_to_last_fill_ms',
  'venues',
] as const;

function cell(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return escapeHtml(value);
}

/** An SVG line of the market and dots of the fills, scaled to a 640×240 box. */
export function priceChartSvg(series: ChartSeries): string {
  const width = 640;
  const height = 240;
  const pad = 36;
  const points = [...series.market, ...series.fills];
  if (points.length === 0) return `<p>no market data stored for ${escapeHtml(series.parentId)}</p>`;
  const times = points.map((point) => point.at);
  const prices = points.map((point) => point.price);
  if (series.arrival !== null) prices.push(series.arrival);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [p0, p1] = [Math.min(...prices), Math.max(...prices)];
  const x = (at: number) => pad + ((at - t0) / Math.max(1, t1 - t0)) * (width - 2 * pad);
  const y = (price: number) => height - pad - ((price - p0) / Math.max(1e-9, p1 - p0)) * (height - 2 * pad);
  const line = series.market
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.at).toFixed(1)},${y(point.price).toFixed(1)}`)
    .join(' ');
  const dots = series.fills
    .map(
      (fill) =>
        `<circle class="fill" cx="${x(fill.at).toFixed(1)}" cy="${y(fill.price).toFixed(1)}" r="4"><title>${fill.quantity} @ ${fill.price}</title></circle>`,
    )
    .join('');
  const arrival =
    series.arrival === null
      ? ''
      : `<line class="arrival" x1="${pad}" x2="${width - pad}" y1="${y(series.arrival).toFixed(1)}" y2="${y(series.arrival).toFixed(1)}"/>`;
  return `<svg class="chart" data-parent="${escapeHtml(series.parentId)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>
<text x="${pad}" y="16" font-size="12">${escapeHtml(series.title)}</text>
<text x="2" y="${pad}" font-size="10">${p1.toFixed(2)}</text><text x="2" y="${height - pad}" font-size="10">${p0.toFixed(2)}</text>
<text x="${pad}" y="${height - 8}" font-size="10">${new Date(t0).toISOString().slice(11, 19)}</text>
<text x="${width - pad - 50}" y="${height - 8}" font-size="10">${new Date(t1).toISOString().slice(11, 19)}</text>
${arrival}<path class="market" d="${line}" fill="none" stroke="#1f6feb" stroke-width="2"/>${dots}</svg>`;
}

export function tcaHtmlReport(
  rows: readonly Record<string, unknown>[],
  charts: readonly ChartSeries[],
  title: string,
): string {
  const head = columns.map((column) => `<th>${column}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((column) => `<td>${cell(row[column])}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font-family: sans-serif; margin: 24px; }
table { border-collapse: collapse; font-size: 12px; }
td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: right; }
.chart .fill { fill: #d73a49; }
.chart .arrival { stroke: #999; stroke-dasharray: 4 3; }
</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Slippage in basis points is a cost when positive (paid above the benchmark on a buy, below it on a sell).
Implementation shortfall = delay + trading + opportunity cost + fees (Perold 1988). Latencies in milliseconds.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<h2>Execution price against the market</h2>
<p>Blue: the market (quote mid) over each parent's life; red: its fills; dashed: the arrival price.</p>
${charts.map((series) => `<figure>${priceChartSvg(series)}</figure>`).join('\n')}
</body></html>
`;
}
