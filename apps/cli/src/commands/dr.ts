// `ats dr`: disaster recovery. `drill` restores the newest backup into a fresh store and checks it;
// `base-backup` and `pitr` are the point-in-time recovery steps of the runbook (docs/operations.md).
import type { Command } from 'commander';

export function registerDisasterRecoveryCommand(program: Command): void {
  const dr = program
    .command('dr')
    .description('disaster recovery: restore drill, base backup, point-in-time recovery');
  dr.command('drill')
    .description('restore the newest backup into a fresh store, run the integrity checks, print RTO and RPO')
    .option('--backup <file>', 'the backup to restore (default: the newest in the backup folder)')
    .option('--keep', 'keep the restored database or folder for inspection')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (options: { backup?: string; keep?: boolean; env?: string }) => {
      const { drill } = await import('./dr-action.js');
      process.exitCode = await drill(options);
    });
  dr.command('base-backup')
    .description(
      'a base backup of the configured PostgreSQL (pg_basebackup) into a folder, for point-in-time recovery',
    )
    .requiredOption('--to <folder>', 'a new folder for the base backup')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (options: { to: string; env?: string }) => {
      const { baseBackup } = await import('./dr-action.js');
      process.exitCode = await baseBackup(options);
    });
  dr.command('pitr')
    .description(
      'restore a base backup and replay the WAL archive up to a time, as a new server on its own port',
    )
    .requiredOption('--base <folder>', 'the base backup (ats dr base-backup)')
    .requiredOption('--wal <folder>', 'the WAL archive (archive_command copies segments there)')
    .requiredOption('--to <time>', 'the recovery target, an ISO 8601 time such as 2026-11-30T09:04:44Z')
    .requiredOption('--data <folder>', 'a new folder for the recovered server')
    .requiredOption('--port <number>', 'the recovered server port on 127.0.0.1')
    .action(async (options: { base: string; wal: string; to: string; data: string; port: string }) => {
      const { pointInTimeRecovery } = await import('./dr-action.js');
      process.exitCode = await pointInTimeRecovery(options);
    });
}
