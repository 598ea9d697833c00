// The results table of `ats chaos`: one row per fault, with the recovery times, the trades so far and
// the lost-or-duplicated count, then the verdict.
import type { ChaosReport } from './chaos-drill.js';

const seconds = (value: number | null) => (value === null ? '-' : `${value.toFixed(1)} s`);

export function chaosTable(report: ChaosReport, targetSeconds: number): string {
  const header = `${'fault'.padEnd(28)} | ${'healthy in'.padStart(10)} | ${'trading in'.padStart(10)} | ${'settled in'.padStart(10)} | ${'trades'.padStart(6)} | new lost/dup | positions | result`;
  const lines = [header, header.replace(/[^|]/g, '-')];
  for (const row of report.rows) {
    const result = row.skipped
      ? `skipped: ${row.skipped}`
      : row.passed
        ? 'recovered'
        : `FAILED${row.error ? `: ${row.error}` : ''}`;
    lines.push(
      `${row.fault.padEnd(28)} | ${seconds(row.healthySeconds).padStart(10)} | ${seconds(row.recoverySeconds).padStart(10)} | ${seconds(row.settledSeconds).padStart(10)} | ${String(row.trades).padStart(6)} | ${(row.lostOrDuplicated === null ? '-' : String(row.lostOrDuplicated)).padStart(12)} | ${(row.livePortfolioReconciles === null ? '-' : row.livePortfolioReconciles ? 'reconcile' : 'DIFFER').padStart(9)} | ${result}`,
    );
  }
  lines.push('');
  for (const row of report.rows) {
    if (row.detail) lines.push(`${row.fault}: ${row.detail}`);
    const differing = Object.entries(row.invariants ?? {}).filter(([, count]) => count > 0);
    if (differing.length > 0)
      lines.push(`  differences so far: ${differing.map(([name, count]) => `${name} ${count}`).join(', ')}`);
    for (const [name, rows] of Object.entries(row.evidence?.examples ?? {}))
      lines.push(`  ${name}: ${rows.join(', ')}`);
    for (const line of row.evidence?.lines ?? []) lines.push(`    ${line.slice(0, 600)}`);
  }
  lines.push(
    `first trade ${report.startSeconds.toFixed(1)} s after the start; service restarts by the supervisor: ${report.restarts}; target: healthy within ${targetSeconds} s of each fault; settled: every order-path invariant zero`,
  );
  lines.push(
    report.passed ? 'every fault recovered, nothing lost or duplicated' : 'NOT every fault recovered',
  );
  return lines.join('\n');
}
