// The work of `ats tca`: asks the Trade Executor to compute the TCA (stored in tca_results), then prints
// it as a table, CSV or JSON, or writes the HTML report.
import { writeFileSync } from 'node:fs';
import { apiCall, credentialHeaders } from './api-client.js';

/** The options of `ats tca` (commander's parsed values). */
export interface TcaOptions {
  readonly url: string;
  readonly by: string;
  readonly format: string;
  readonly limit: string;
  readonly report?: string;
}

const groupings = ['parent', 'order', 'strategy', 'venue', 'day', 'route'];
const formats = ['table', 'csv', 'json'];

/** The columns shown in a table (every stored metric; CSV and JSON carry every column). */
const tableColumns: Record<string, readonly string[]> = {
  detail: [
    'subject_id',
    'symbol',
    'side',
    'algorithm',
    'quantity',
    'filled_quantity',
    'fill_rate',
    'arrival_price',
    'average_price',
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
  ],
  summary: [
    'key',
    'orders',
    'quantity',
    'filled_quantity',
    'fill_rate',
    'slippage_arrival_bps',
    'slippage_vwap_bps',
    'slippage_close_bps',
    'shortfall_bps',
    'delay_cost',
    'trading_cost',
    'opportunity_cost',
    'commissions',
    'submit_to_ack_p50_ms',
    'submit_to_ack_p95_ms',
    'decision_to_first_fill_p50_ms',
    'decision_to_first_fill_p95_ms',
  ],
  route: [
    'key',
    'children',
    'routed_quantity',
    'filled_quantity',
    'fill_rate',
    'average_price',
    'commissions',
    'submit_to_ack_p50_ms',
    'submit_to_ack_p95_ms',
    'decision_to_first_fill_p50_ms',
    'decision_to_first_fill_p95_ms',
    'latest_reason',
  ],
};

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  const number = Number(value);
  if (typeof value === 'string' && /^-?\d+\.\d{5,}$/.test(value) && Number.isFinite(number))
    return number.toFixed(2);
  return String(value);
}

export function formatTable(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => text(row[column]).length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, index) => cell.padStart(widths[index] as number)).join('  ');
  return [line(columns), ...rows.map((row) => line(columns.map((column) => text(row[column]))))].join('\n');
}

export function formatCsv(rows: readonly Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const quote = (value: unknown) => {
    const cell = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  };
  return [
    columns.join(','),
    ...rows.map((row) => columns.map((column) => quote(row[column])).join(',')),
  ].join('\n');
}

export async function runTca(options: TcaOptions): Promise<void> {
  if (!groupings.includes(options.by))
    throw new Error(`--by: '${options.by}' must be one of ${groupings.join(', ')}`);
  if (!formats.includes(options.format))
    throw new Error(`--format: '${options.format}' must be one of ${formats.join(', ')}`);
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new Error(`--limit: '${options.limit}' must be a whole number from 1 to 10000`);
  if (options.report) {
    const response = await fetch(`${options.url}/tca/report?limit=${limit}`, {
      headers: await credentialHeaders(),
    });
    if (!response.ok) throw new Error(`GET /tca/report: ${response.status} ${await response.text()}`);
    writeFileSync(options.report, await response.text());
    console.log(`wrote ${options.report}`);
    return;
  }
  await apiCall(options.url, '/tca/compute', 'POST', {});
  const rows = (await apiCall(options.url, `/tca?by=${options.by}&limit=${limit}`)) as Record<
    string,
    unknown
  >[];
  if (options.format === 'json') console.log(JSON.stringify(rows, null, 2));
  else if (options.format === 'csv') console.log(formatCsv(rows));
  else if (rows.length === 0) console.log('no orders with fills yet');
  else {
    const detail = options.by === 'parent' || options.by === 'order';
    const columns = options.by === 'route' ? 'route' : detail ? 'detail' : 'summary';
    console.log(formatTable(rows, tableColumns[columns] as readonly string[]));
  }
}
