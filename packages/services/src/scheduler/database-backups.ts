// Backup files of one store: named by the store's identity and a unique time, written whole, and pruned among that store's own files only.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AtsError } from '@ats/core';
import type { Database } from '@ats/persistence';

export interface BackupOutcome {
  readonly file: string;
  /** Older backups of the same store removed by retention. */
  readonly removed: readonly string[];
  /** Backups of the store left in the folder, the new one included. */
  readonly kept: number;
}

/** The retention option of a backup job: how many of the store's newest backups to keep, at least 1. */
export function backupRetentionOf(options: Readonly<Record<string, unknown>>, fallback = 7): number {
  const value = options.retention ?? fallback;
  // 0 would delete the backup just written (and every other one): refused, never clamped.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000)
    throw new AtsError(
      'INVALID_INPUT',
      `database-backup: option retention = ${JSON.stringify(value)}: must be a whole number from 1 to 10000`,
    );
  return value;
}

/** 20261130T023512345Z: sortable, one per millisecond, no characters a file system dislikes. */
function stampOf(at: number): string {
  return new Date(at).toISOString().replace(/[-:.]/g, '');
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface BackupFile {
  readonly name: string;
  readonly stamp: string;
  readonly counter: number;
}

/** The store's own backup files in `folder`, oldest first; files of other stores are never listed. */
export function backupFilesOf(folder: string, identity: string): string[] {
  if (!existsSync(folder)) return [];
  const pattern = new RegExp(`^${escaped(identity)}--(\\d{8}T\\d{9}Z)(?:-(\\d+))?\\.(?:tar\\.gz|dump)$`);
  const files: BackupFile[] = [];
  for (const name of readdirSync(folder)) {
    const match = pattern.exec(name);
    if (match) files.push({ name, stamp: match[1] as string, counter: Number(match[2] ?? 0) });
  }
  files.sort((a, b) => (a.stamp === b.stamp ? a.counter - b.counter : a.stamp < b.stamp ? -1 : 1));
  return files.map((file) => file.name);
}

/**
 * Writes a backup of `database` into `folder` as `<identity>--<time>.<tar.gz|dump>` (a counter is
 * added if that name is taken), then keeps the newest `retention` backups of this store. The file is
 * written under a temporary name and renamed when complete, so a failed backup never counts toward
 * retention nor replaces a good one.
 */
export async function backUpDatabase(options: {
  readonly database: Database;
  readonly folder: string;
  /** How many of the store's newest backups to keep; absent keeps them all. */
  readonly retention?: number;
  readonly now: number;
}): Promise<BackupOutcome> {
  const { database, folder } = options;
  const retention = options.retention ?? Number.POSITIVE_INFINITY;
  if (options.retention !== undefined && (!Number.isInteger(retention) || retention < 1))
    throw new AtsError(
      'INVALID_INPUT',
      `backup retention ${retention}: must be a whole number of at least 1`,
    );
  await mkdir(folder, { recursive: true });
  const identity = database.identity;
  const stamp = stampOf(options.now);
  const taken = new Set(readdirSync(folder).map((name) => name.replace(/\.(tar\.gz|dump)$/, '')));
  let stem = `${identity}--${stamp}`;
  for (let counter = 1; taken.has(stem); counter++) stem = `${identity}--${stamp}-${counter}`;
  const partial = await database.backup(join(folder, `.partial-${process.pid}-${stem}`));
  const extension = partial.endsWith('.tar.gz') ? '.tar.gz' : '.dump';
  const file = join(folder, `${stem}${extension}`);
  renameSync(partial, file);
  const own = backupFilesOf(folder, identity);
  const removed = own.slice(0, Math.max(0, own.length - retention));
  for (const name of removed) rmSync(join(folder, name), { force: true });
  return { file, removed, kept: own.length - removed.length };
}
