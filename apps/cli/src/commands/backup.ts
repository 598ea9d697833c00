// `ats backup` and `ats restore`: a backup of the configured store into the backup folder, and its restore into a fresh store.
// Registration only (commander): the work is in backup-action.ts, loaded when a command runs.
import type { Command } from 'commander';

function positiveWhole(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`--retention: '${value}' must be a whole number of at least 1`);
  return number;
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'back the store up (pg_dump, or an archive of the embedded store) into the backup folder, named by store and time',
    )
    .option('--to <folder>', 'the folder (default: backups.directory, or backups beside the data directory)')
    .option('--retention <n>', "keep only this store's newest n backups", positiveWhole)
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (options: { to?: string; retention?: number; env?: string }) =>
      (await import('./backup-action.js')).backUp(options),
    );
  program
    .command('restore')
    .description('restore a backup into a fresh store: an empty data folder, or a fresh PostgreSQL database')
    .argument('<file>', 'a .tar.gz (embedded store) or .dump (PostgreSQL) backup')
    .option('--into <target>', 'the folder or PostgreSQL URL (default: the configured store)')
    .option('--env <name>', 'configuration environment (config/<name>.yaml)')
    .action(async (file: string, options: { into?: string; env?: string }) =>
      (await import('./backup-action.js')).restore(file, options),
    );
}
