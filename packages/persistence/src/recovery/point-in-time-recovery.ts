// Base backups (pg_basebackup) and point-in-time recovery: a copy of a base backup, replayed from the
// WAL archive up to a timestamp, started as a new PostgreSQL server on its own port and promoted.
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { AtsError } from '@ats/core';
import { pgClientInvocation } from '../pg-client-invocation.js';
import { PostgresDatabase } from '../postgres-database.js';
import { handToPostgresUser, postgresProgram, runPostgresProgram } from './postgres-programs.js';

export interface BaseBackup {
  readonly folder: string;
  /** When the copy started: a recovery target must come after it. */
  readonly startedAt: Date;
}

/**
 * A base backup of the server at `url` into `folder` (plain format, the WAL it needs streamed in), as
 * the server's replication connection allows. Restores need it and the WAL archived since.
 */
export function takeBaseBackup(url: string, folder: string): BaseBackup {
  const startedAt = new Date();
  const invocation = pgClientInvocation(url);
  const result = spawnSync(
    postgresProgram('pg_basebackup'),
    [
      '--dbname',
      invocation.url,
      '--pgdata',
      folder,
      '--format=plain',
      '--wal-method=stream',
      '--checkpoint=fast',
    ],
    { encoding: 'utf8', env: invocation.env },
  );
  if (result.status !== 0)
    throw new AtsError(
      'DATABASE_UNAVAILABLE',
      `pg_basebackup into ${folder} failed: ${result.stderr.trim()}`,
    );
  writeFileSync(
    join(folder, 'ats-base-backup.json'),
    `${JSON.stringify({ startedAt: startedAt.toISOString() })}\n`,
  );
  return { folder, startedAt };
}

export interface PointInTimeRecoveryOptions {
  /** A base backup's folder (takeBaseBackup) taken before `target`. */
  readonly baseBackup: string;
  /** The folder archive_command copies finished WAL segments into. */
  readonly walArchive: string;
  /** Replay stops before the first transaction committed after this moment. */
  readonly target: Date;
  /** A new, absent or empty folder for the recovered server's data. */
  readonly dataDirectory: string;
  /** The recovered server's port on 127.0.0.1. */
  readonly port: number;
  readonly timeoutSeconds?: number;
}

export interface RecoveredServer {
  /** postgres://postgres@127.0.0.1:PORT/DATABASE for the given database. */
  url(database: string): string;
  readonly dataDirectory: string;
  /** Stops the recovered server (pg_ctl stop, fast). */
  stop(): void;
}

/** Quotes a value for postgresql.conf. */
const settingValue = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Restores a base backup and replays the archived WAL up to `target`, then promotes the server. */
export async function restoreToPointInTime(options: PointInTimeRecoveryOptions): Promise<RecoveredServer> {
  const dataDirectory = resolve(options.dataDirectory);
  const walArchive = resolve(options.walArchive);
  if (!existsSync(join(options.baseBackup, 'PG_VERSION')))
    throw new AtsError('INVALID_INPUT', `${options.baseBackup} is not a base backup (no PG_VERSION)`);
  if (existsSync(join(dataDirectory, 'PG_VERSION')))
    throw new AtsError(
      'INVALID_INPUT',
      `${dataDirectory} already holds a database; restore into a new folder`,
    );
  mkdirSync(dataDirectory, { recursive: true });
  cpSync(options.baseBackup, dataDirectory, { recursive: true });
  chmodSync(dataDirectory, 0o700);
  appendFileSync(
    join(dataDirectory, 'postgresql.auto.conf'),
    [
      '',
      '# Point-in-time recovery by ATS',
      `restore_command = ${settingValue(`cp "${walArchive}/%f" "%p"`)}`,
      // PostgreSQL's timestamp syntax: '2026-11-30 09:04:44.267+00' (it refuses the ISO 'T' and 'Z').
      `recovery_target_time = ${settingValue(options.target.toISOString().replace('T', ' ').replace('Z', '+00'))}`,
      "recovery_target_action = 'promote'",
      `port = ${options.port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = ${settingValue(dataDirectory)}`,
      // The recovered server must not archive into the archive it restores from.
      "archive_mode = 'off'",
      '',
    ].join('\n'),
  );
  writeFileSync(join(dataDirectory, 'recovery.signal'), '');
  handToPostgresUser(dataDirectory);
  const timeout = options.timeoutSeconds ?? 120;
  const log = join(dataDirectory, 'recovery.log');
  try {
    runPostgresProgram('pg_ctl', ['-D', dataDirectory, '-l', log, '-w', '-t', String(timeout), 'start']);
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-8).join('\n') : '';
    throw new AtsError('DATABASE_UNAVAILABLE', `${(error as Error).message}\n${tail}`, { cause: error });
  }
  const server: RecoveredServer = {
    dataDirectory,
    url: (database) => `postgres://postgres@127.0.0.1:${options.port}/${database}`,
    stop: () => void runPostgresProgram('pg_ctl', ['-D', dataDirectory, '-m', 'fast', '-w', 'stop']),
  };
  // Replay ends at the target, then the server promotes itself: wait for it to leave recovery.
  const database = await PostgresDatabase.open({ url: server.url('postgres'), maxConnections: 1 });
  try {
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const [row] = await database.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
      if (row && !row.recovering) break;
      if (Date.now() > deadline) {
        server.stop();
        throw new AtsError(
          'TIMEOUT',
          `the recovered server in ${dataDirectory} did not finish recovery in ${timeout} s`,
        );
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  } finally {
    await database.close();
  }
  return server;
}
