// An optimization heatmap as an SVG string: one parameter across, one down, a metric's value per cell.
import { formatValue, type ValueFormat } from './chart-formats.js';

export interface HeatmapOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xValues: readonly (number | string)[];
  readonly yValues: readonly (number | string)[];
  /** cells[row][column]: the metric for yValues[row] and xValues[column]; null where no run exists. */
  readonly cells: readonly (readonly (number | null)[])[];
  readonly format?: ValueFormat;
}

const escapeText = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Red for the worst value through white to green for the best. */
function colorOf(fraction: number): string {
  const clamp = Math.max(0, Math.min(1, fraction));
  const red = clamp < 0.5 ? 240 : Math.round(240 - (clamp - 0.5) * 2 * 222);
  const green = clamp < 0.5 ? Math.round(68 + clamp * 2 * 172) : 240 - Math.round((clamp - 0.5) * 2 * 57);
  const blue = clamp < 0.5 ? Math.round(56 + clamp * 2 * 184) : 240 - Math.round((clamp - 0.5) * 2 * 134);
  return `rgb(${red},${green},${blue})`;
}

export function heatmapChart(options: HeatmapOptions): string {
  const cell = { width: 64, height: 28 };
  const left = 90;
  const top = 30;
  const width = left + options.xValues.length * cell.width + 10;
  const height = top + options.yValues.length * cell.height + 40;
  const values = options.cells
    .flat()
    .filter((value): value is number => value !== null && Number.isFinite(value));
  const low = values.length > 0 ? Math.min(...values) : 0;
  const high = values.length > 0 ? Math.max(...values) : 1;
  const format = options.format ?? 'number';
  const rects = options.cells
    .flatMap((row, rowIndex) =>
      row.map((value, columnIndex) => {
        const x = left + columnIndex * cell.width;
        const y = top + rowIndex * cell.height;
        if (value === null)
          return `<rect x="${x}" y="${y}" width="${cell.width}" height="${cell.height}" fill="#f2f4f7"/>`;
        const label = `${options.xLabel} ${options.xValues[columnIndex]}, ${options.yLabel} ${options.yValues[rowIndex]}: ${formatValue(value, format)}`;
        return `<g><rect x="${x}" y="${y}" width="${cell.width}" height="${cell.height}" fill="${colorOf((value - low) / (high - low || 1))}" stroke="white"><title>${escapeText(label)}</title></rect><text x="${x + cell.width / 2}" y="${y + 18}" text-anchor="middle" font-size="11">${escapeText(formatValue(value, format))}</text></g>`;
      }),
    )
    .join('');
  const columns = options.xValues
    .map(
      (value, index) =>
        `<text x="${left + index * cell.width + cell.width / 2}" y="${top - 8}" text-anchor="middle" font-size="11">${escapeText(String(value))}</text>`,
    )
    .join('');
  const rows = options.yValues
    .map(
      (value, index) =>
        `<text x="${left - 8}" y="${top + index * cell.height + 18}" text-anchor="end" font-size="11">${escapeText(String(value))}</text>`,
    )
    .join('');
  return `<svg class="ats-heatmap" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px;font-family:system-ui,sans-serif" role="img" aria-label="${escapeText(options.title)}"><title>${escapeText(options.title)}</title>${columns}${rows}${rects}<text x="${left}" y="${height - 12}" font-size="12">${escapeText(`across: ${options.xLabel}, down: ${options.yLabel}`)}</text></svg>`;
}
