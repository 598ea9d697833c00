// The work of `ats dr` (loaded only when the command runs, so `ats` starts fast).
import { restoreToPointInTime, takeBaseBackup } from '@ats/persistence';
import { formatDrillReport, loadConfig, runRestoreDrill } from '@ats/services';
import { exitOnConfigError } from './process-signals.js';

const configOf = (env?: string) => exitOnConfigError(() => loadConfig(env ? { environment: env } : {}));

export async function drill(options: { backup?: string; keep?: boolean; env?: string }): Promise<number> {
  const report = await runRestoreDrill(configOf(options.env), {
    ...(options.backup ? { backup: options.backup } : {}),
    ...(options.keep ? { keep: true } : {}),
  });
  for (const line of formatDrillReport(report)) console.log(line);
  return report.ok ? 0 : 1;
}

export async function baseBackup(options: { to: string; env?: string }): Promise<number> {
  const config = configOf(options.env);
  const url = config.database.url;
  if (!url) {
    console.error(
      'ats dr base-backup: needs PostgreSQL (set DATABASE_URL); the embedded store uses ats backup',
    );
    return 2;
  }
  const backup = takeBaseBackup(url, options.to);
  console.log(`base backup written: ${backup.folder} (started ${backup.startedAt.toISOString()})`);
  return 0;
}

export async function pointInTimeRecovery(options: {
  base: string;
  wal: string;
  to: string;
  data: string;
  port: string;
}): Promise<number> {
  const target = new Date(options.to);
  const port = Number(options.port);
  if (Number.isNaN(target.getTime())) {
    console.error(`ats dr pitr: --to '${options.to}' is not a time (ISO 8601, e.g. 2026-11-30T09:04:44Z)`);
    return 2;
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`ats dr pitr: --port '${options.port}' is not a port`);
    return 2;
  }
  const server = await restoreToPointInTime({
    baseBackup: options.base,
    walArchive: options.wal,
    target,
    dataDirectory: options.data,
    port,
  });
  console.log(
    `recovered to ${target.toISOString()}: ${server.url('postgres')} (data ${server.dataDirectory})`,
  );
  console.log(
    'check it (ats dr drill against it, or psql), then point DATABASE_URL at it or pg_dump it back',
  );
  return 0;
}
