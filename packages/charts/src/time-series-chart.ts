// A time-series line chart as an SVG string: dates on the time axis, an optional log value axis,
// formatted ticks, buy/sell markers, and the hover table that chart-hover.ts reads.
import { formatDate, formatDateTime, formatValue, type ValueFormat } from './chart-formats.js';
import { linearTicks, logTicks, timeTicks } from './time-axis.js';

export interface ChartPoint {
  readonly time: number;
  readonly value: number;
}

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly points: readonly ChartPoint[];
  /** Fills the area between the line and zero (a drawdown curve). */
  readonly area?: boolean;
}

export interface ChartMarker {
  readonly time: number;
  readonly value: number;
  readonly kind: 'buy' | 'sell';
  readonly label: string;
}

export interface TimeSeriesChartOptions {
  /** Read by screen readers and shown as the chart's title. */
  readonly title: string;
  readonly series: readonly ChartSeries[];
  readonly markers?: readonly ChartMarker[];
  readonly logScale?: boolean;
  readonly format?: ValueFormat;
  readonly currency?: string;
  readonly timeZone?: string;
  /** Intraday data shows hours in the hover; daily data dates only. */
  readonly intraday?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const escapeText = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** At most `limit` points, evenly picked, the last one kept: a long series draws as fast as a short one. */
function thinned<T>(points: readonly T[], limit: number): T[] {
  if (points.length <= limit) return [...points];
  const step = points.length / limit;
  const picked: T[] = [];
  for (let index = 0; index < limit; index += 1) picked.push(points[Math.floor(index * step)] as T);
  picked.push(points[points.length - 1] as T);
  return picked;
}

export function timeSeriesChart(options: TimeSeriesChartOptions): string {
  const width = options.width ?? 900;
  const height = options.height ?? 260;
  const format = options.format ?? 'number';
  const timeZone = options.timeZone ?? 'UTC';
  const margin = { left: 78, right: 16, top: 26, bottom: 28 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const all = options.series.flatMap((series) => series.points);
  const title = escapeText(options.title);
  if (all.length === 0)
    return `<svg class="ats-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}"><text x="${width / 2}" y="${height / 2}" text-anchor="middle" font-size="13" fill="#667085">No data yet</text></svg>`;

  const times = all.map((point) => point.time);
  const values = all.map((point) => point.value).filter(Number.isFinite);
  const from = Math.min(...times);
  const to = Math.max(...times);
  let low = Math.min(...values, ...options.series.filter((series) => series.area).map(() => 0));
  let high = Math.max(...values);
  const log = options.logScale === true && low > 0;
  if (!log) {
    // A flat series gets a band around it: 1% for fractions (a drawdown of 0), 5% of the value otherwise.
    const pad = (high - low) * 0.05 || Math.abs(high) * 0.05 || (format === 'percent' ? 0.01 : 1);
    low -= pad;
    high += pad;
  }
  const toLog = (value: number) => Math.log(value);
  const y = (value: number) => {
    const fraction = log
      ? (toLog(value) - toLog(low)) / (toLog(high) - toLog(low) || 1)
      : (value - low) / (high - low || 1);
    return margin.top + plotHeight - fraction * plotHeight;
  };
  const x = (time: number) => margin.left + ((time - from) / (to - from || 1)) * plotWidth;
  const px = (value: number) => value.toFixed(1);

  const valueTicks = log ? logTicks(low, high, 5) : linearTicks(low, high, 5);
  const grid = valueTicks
    .map(
      (tick) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${px(y(tick))}" y2="${px(y(tick))}" stroke="#e4e7ec"/><text x="${margin.left - 6}" y="${px(y(tick) + 4)}" text-anchor="end" font-size="11" fill="#475467">${escapeText(formatValue(tick, format, options.currency))}</text>`,
    )
    .join('');
  const dateTicks = timeTicks(from, to, Math.max(2, Math.floor(plotWidth / 110)), timeZone)
    .map(
      (tick) =>
        `<line x1="${px(x(tick.value))}" x2="${px(x(tick.value))}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight + 4}" stroke="#98a2b3"/><text x="${px(x(tick.value))}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#475467">${escapeText(tick.label)}</text>`,
    )
    .join('');

  const zero = y(log ? low : Math.max(low, Math.min(high, 0)));
  const lines = options.series
    .map((series) => {
      const points = thinned(series.points, 1500).map(
        (point) => `${px(x(point.time))},${px(y(point.value))}`,
      );
      const area =
        series.area && points.length > 0
          ? `<polygon fill="${series.color}" fill-opacity="0.15" points="${px(x(series.points[0]?.time ?? from))},${px(zero)} ${points.join(' ')} ${px(x(series.points[series.points.length - 1]?.time ?? to))},${px(zero)}"/>`
          : '';
      return `${area}<polyline fill="none" stroke="${series.color}" stroke-width="1.5" points="${points.join(' ')}"/>`;
    })
    .join('');
  const markers = (options.markers ?? [])
    .map((marker) => {
      const cx = x(marker.time);
      const cy = y(marker.value);
      const shape =
        marker.kind === 'buy'
          ? `M${px(cx)},${px(cy - 7)} l-5,9 h10 z`
          : `M${px(cx)},${px(cy + 7)} l-5,-9 h10 z`;
      return `<path d="${shape}" fill="${marker.kind === 'buy' ? '#12b76a' : '#f04438'}"><title>${escapeText(marker.label)}</title></path>`;
    })
    .join('');
  const legend = options.series
    .map(
      (series, index) =>
        `<rect x="${margin.left + index * 170}" y="8" width="10" height="10" fill="${series.color}"/><text x="${margin.left + index * 170 + 14}" y="17" font-size="12" fill="#344054">${escapeText(series.label)}</text>`,
    )
    .join('');

  // The hover table: for each of at most 400 moments, its x and the lines to show (date, each series).
  const base = options.series[0]?.points ?? [];
  const hover = thinned(base, 400).map((point) => {
    const rows = [options.intraday ? formatDateTime(point.time, timeZone) : formatDate(point.time, timeZone)];
    for (const series of options.series) {
      const nearest = nearestPoint(series.points, point.time);
      if (nearest) rows.push(`${series.label}: ${formatValue(nearest.value, format, options.currency)}`);
    }
    return [Number(px(x(point.time))), ...rows];
  });
  const hoverData = escapeText(
    JSON.stringify({ top: margin.top, bottom: margin.top + plotHeight, points: hover }),
  );

  return `<svg class="ats-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" tabindex="0" aria-label="${title}${log ? ' (log scale)' : ''}" data-hover="${hoverData}" style="font-family:system-ui,sans-serif"><title>${title}</title>${grid}${dateTicks}<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#98a2b3"/>${lines}${markers}${legend}${log ? `<text x="${width - margin.right}" y="17" text-anchor="end" font-size="11" fill="#667085">log scale</text>` : ''}</svg>`;
}

/** The point of a series nearest in time (series are sorted by time). */
function nearestPoint(points: readonly ChartPoint[], time: number): ChartPoint | undefined {
  let lowIndex = 0;
  let highIndex = points.length - 1;
  if (highIndex < 0) return undefined;
  while (lowIndex < highIndex) {
    const middle = (lowIndex + highIndex) >> 1;
    if ((points[middle] as ChartPoint).time < time) lowIndex = middle + 1;
    else highIndex = middle;
  }
  return points[lowIndex];
}
