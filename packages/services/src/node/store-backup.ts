// Backup and restore of the configured store from the command line (`ats backup`, `ats restore`).
import { existsSync } from 'node:fs';
import { AtsError } from '@ats/core';
import { backupKindOf, openDatabase, restoreBackup } from '@ats/persistence';
import type { AtsConfig } from '../config/config-schema.js';
import { type BackupOutcome, backUpDatabase } from '../scheduler/database-backups.js';
import { backupDirectoryOf, databaseOptionsOf, databaseUrlOf } from '../wiring/config-mapping.js';

/**
 * Backs the configured store up into `folder` (default: the configured backup folder). The embedded
 * store can be opened by one process only: while a node runs on it, this is refused and the node's
 * own `daily-backup` job (or `ats jobs trigger daily-backup`) is the way.
 */
export async function backUpConfiguredStore(
  config: AtsConfig,
  options: { folder?: string; retention?: number } = {},
): Promise<BackupOutcome> {
  const where = databaseOptionsOf(config);
  if ('dataDirectory' in where && !existsSync(where.dataDirectory))
    throw new AtsError('NOT_FOUND', `no embedded store at ${where.dataDirectory} (is ATS_DATA_DIR right?)`);
  const database = await openDatabase({ ...where, skipMigrations: true }).catch((error: unknown) => {
    if (error instanceof AtsError && error.code === 'RESOURCE_LOCKED')
      throw new AtsError(
        'RESOURCE_LOCKED',
        `${error.message.replace(/; stop that process first$/, '')}: while a node runs, back up through it (ats jobs trigger daily-backup)`,
        { cause: error },
      );
    throw error;
  });
  try {
    return await backUpDatabase({
      database,
      folder: options.folder ?? backupDirectoryOf(config),
      ...(options.retention !== undefined ? { retention: options.retention } : {}),
      now: Date.now(),
    });
  } finally {
    await database.close();
  }
}

/**
 * Restores `file` into the configured store: an embedded-store archive into `database.data_directory`
 * (which must not exist yet or be empty), a pg_dump file into the database of `database.url` (which
 * must be fresh). `into` overrides the target folder or URL.
 */
export async function restoreConfiguredStore(
  config: AtsConfig,
  file: string,
  into?: string,
): Promise<string> {
  const kind = backupKindOf(file);
  if (kind === 'pglite') {
    const directory = into ?? config.database.data_directory;
    await restoreBackup(file, { kind, directory });
    return directory;
  }
  const url = into ?? databaseUrlOf(config);
  if (!url)
    throw new AtsError(
      'CONFIG_INVALID',
      `${file} is a PostgreSQL backup: set DATABASE_URL (a fresh database) or pass --into <url>`,
    );
  await restoreBackup(file, { kind, url });
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
