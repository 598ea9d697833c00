// The work of `ats audit verify|search|export`, loaded only when one of them runs.
import {
  complianceCsv,
  exportConfiguredCompliance,
  loadConfig,
  searchConfiguredAudit,
  verifyConfiguredAudit,
} from '@ats/services';
import { exitOnConfigError } from './process-signals.js';

function configOf(env: string | undefined) {
  return exitOnConfigError(() => loadConfig(env ? { environment: env } : {}));
}

export async function verifyAudit(options: { env?: string; json?: boolean }): Promise<void> {
  const report = await verifyConfiguredAudit(configOf(options.env));
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else if (report.ok)
    console.log(
      `audit chain verified: ${report.recordsChecked} records (${report.firstSeq ?? '-'}..${report.lastSeq ?? '-'}), ${report.checkpointsVerified} signed checkpoints`,
    );
  else console.error(`audit chain BROKEN at record ${report.problem?.seq}: ${report.problem?.reason}`);
  process.exitCode = report.ok ? 0 : 1;
}

export async function searchAudit(options: {
  actor?: string;
  action?: string;
  object?: string;
  from?: number;
  to?: number;
  limit?: number;
  env?: string;
}): Promise<void> {
  const records = await searchConfiguredAudit(configOf(options.env), options);
  for (const record of records) console.log(JSON.stringify(record));
}

export async function exportAudit(options: {
  from: number;
  to: number;
  format: string;
  env?: string;
}): Promise<void> {
  const orders = await exportConfiguredCompliance(configOf(options.env), options);
  process.stdout.write(
    options.format === 'csv' ? complianceCsv(orders) : `${JSON.stringify({ orders }, null, 2)}\n`,
  );
}
