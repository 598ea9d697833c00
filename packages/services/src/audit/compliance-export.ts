// The compliance export: every order of a period with the risk decision that approved it, as JSON or CSV.
import type { Database } from '@ats/persistence';

export interface ComplianceOrderRow {
  readonly orderId: string;
  readonly createdAt: string;
  readonly accountId: string;
  readonly strategyId: string | null;
  readonly symbol: string;
  readonly side: string;
  readonly orderType: string;
  readonly quantity: number;
  readonly limitPrice: string | null;
  readonly status: string;
  readonly statusReason: string | null;
  readonly filledQuantity: number;
  readonly averageFillPrice: string | null;
  readonly signalId: string | null;
  readonly riskAssessmentId: string | null;
  readonly riskApproved: boolean | null;
  readonly riskReasonCode: string | null;
  readonly riskReason: string | null;
  readonly riskSizing: string | null;
  readonly assessedAt: string | null;
}

interface ExportRow {
  id: string;
  created_at: Date | string;
  account_id: string;
  strategy_id: string | null;
  symbol: string;
  side: string;
  order_type: string;
  quantity: number | string;
  price: string | null;
  status: string;
  status_reason: string | null;
  filled_quantity: number | string;
  avg_fill_price: string | null;
  signal_id: string | null;
  risk_assessment_id: string | null;
  approved: boolean | null;
  reason_code: string | null;
  reason: string | null;
  sizing: string | null;
  assessed_at: Date | string | null;
  [column: string]: unknown;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();
/** Decimals as the database prints them (exact text, never a float). */
const decimal = (value: string | number | null): string | null => (value === null ? null : String(value));

/** Orders created in [from, to), oldest first, each with its risk assessment when it had one. */
export async function complianceOrders(
  database: Database,
  period: { readonly from: number; readonly to: number },
): Promise<ComplianceOrderRow[]> {
  const rows = await database.query<ExportRow>(
    `SELECT o.id, o.created_at, o.account_id, o.strategy_id, o.symbol, o.side, o.order_type, o.quantity,
            o.price::text AS price, o.status, o.status_reason, o.filled_quantity,
            o.avg_fill_price::text AS avg_fill_price, o.signal_id, o.risk_assessment_id,
            r.approved, r.reason_code, r.reason, r.sizing, r.assessed_at
       FROM orders o LEFT JOIN risk_assessments r ON r.id = o.risk_assessment_id
      WHERE o.created_at >= $1 AND o.created_at < $2
      ORDER BY o.created_at, o.id`,
    [new Date(period.from), new Date(period.to)],
  );
  return rows.map((row) => ({
    orderId: row.id,
    createdAt: iso(row.created_at) as string,
    accountId: row.account_id,
    strategyId: row.strategy_id,
    symbol: row.symbol,
    side: row.side,
    orderType: row.order_type,
    quantity: Number(row.quantity),
    limitPrice: decimal(row.price),
    status: row.status,
    statusReason: row.status_reason,
    filledQuantity: Number(row.filled_quantity),
    averageFillPrice: decimal(row.avg_fill_price),
    signalId: row.signal_id,
    riskAssessmentId: row.risk_assessment_id,
    riskApproved: row.approved,
    riskReasonCode: row.reason_code,
    riskReason: row.reason,
    riskSizing: row.sizing,
    assessedAt: iso(row.assessed_at),
  }));
}

const csvColumns: readonly (keyof ComplianceOrderRow)[] = [
  'orderId',
  'createdAt',
  'accountId',
  'strategyId',
  'symbol',
  'side',
  'orderType',
  'quantity',
  'limitPrice',
  'status',
  'statusReason',
  'filledQuantity',
  'averageFillPrice',
  'signalId',
  'riskAssessmentId',
  'riskApproved',
  'riskReasonCode',
  'riskReason',
  'riskSizing',
  'assessedAt',
];

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs a cell as a formula. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function complianceCsv(rows: readonly ComplianceOrderRow[]): string {
  const lines = [csvColumns.join(',')];
  for (const row of rows) lines.push(csvColumns.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
