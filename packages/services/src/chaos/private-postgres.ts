// A PostgreSQL server of the drill's own on a free loopback port, so it can be restarted, have its
// connections killed and its disk filled without touching any other database. When we are root its
// data directory sits on a small tmpfs (the full-disk fault fills that); the WAL stays on the normal
// disk (--waldir), so a full data disk fails writes with "could not extend file" rather than stopping
// the server. Not root: no tmpfs, and the full-disk fault is skipped with that reason.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { handToPostgresUser, PostgresDatabase, runPostgresProgram } from '@ats/persistence';

export interface PrivatePostgresOptions {
  readonly folder: string;
  readonly port: number;
  /** Size of the tmpfs under the data directory, in MB (root only). */
  readonly dataDiskMegabytes: number;
}

export class PrivatePostgres {
  private constructor(
    private readonly options: PrivatePostgresOptions,
    readonly dataDirectory: string,
    /** Why the data directory is not on a tmpfs of its own, or null when it is. */
    readonly noSmallDiskReason: string | null,
  ) {}

  static async start(options: PrivatePostgresOptions): Promise<PrivatePostgres> {
    const mountPoint = join(options.folder, 'data-disk');
    mkdirSync(mountPoint, { recursive: true });
    let noSmallDiskReason: string | null = null;
    if (process.getuid?.() !== 0) noSmallDiskReason = 'not running as root: no tmpfs can be mounted';
    else
      try {
        execFileSync('mount', [
          '-t',
          'tmpfs',
          '-o',
          `size=${options.dataDiskMegabytes}m`,
          'tmpfs',
          mountPoint,
        ]);
      } catch (error) {
        noSmallDiskReason = `mount tmpfs failed: ${(error as Error).message.split('\n')[0]}`;
      }
    const dataDirectory = join(mountPoint, 'pgdata');
    const walDirectory = join(options.folder, 'pg-wal');
    const server = new PrivatePostgres(options, dataDirectory, noSmallDiskReason);
    try {
      handToPostgresUser(options.folder);
      server.initialize(walDirectory);
      server.launch();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  private initialize(walDirectory: string): void {
    runPostgresProgram('initdb', [
      '-D',
      this.dataDirectory,
      '--waldir',
      walDirectory,
      '-U',
      'postgres',
      '--auth',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.options.port}/postgres`;
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.options.port}/${database}`;
  }

  private get log(): string {
    return join(this.options.folder, 'postgres.log');
  }

  launch(): void {
    runPostgresProgram('pg_ctl', [
      '-D',
      this.dataDirectory,
      '-l',
      this.log,
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${this.options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=off`,
      'start',
    ]);
  }

  /** The server log's length now (a mark for logLinesSince). */
  logLength(): number {
    return existsSync(this.log) ? readFileSync(this.log).length : 0;
  }

  /** Lines of the server log after the mark that contain the text. */
  logLinesSince(mark: number, text: string): number {
    if (!existsSync(this.log)) return 0;
    return readFileSync(this.log)
      .subarray(mark)
      .toString('utf8')
      .split('\n')
      .filter((line) => line.includes(text)).length;
  }

  /** A fast restart (every connection is closed; clients reconnect). */
  restart(): void {
    runPostgresProgram('pg_ctl', ['-D', this.dataDirectory, '-m', 'fast', '-w', '-t', '60', 'stop']);
    this.launch();
  }

  /** Ends every other connection to the database (pg_terminate_backend); returns how many. */
  async terminateConnections(database: string): Promise<number> {
    const admin = await PostgresDatabase.open({ url: this.url, maxConnections: 1 });
    try {
      const rows = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      return rows.filter((row) => row.ended).length;
    } finally {
      await admin.close();
    }
  }

  /** Fills the data directory's disk to the last byte; returns the filler file (remove it to free). */
  fillDataDisk(): { filler: string; megabytes: number } {
    const filler = join(this.dataDirectory, '..', 'chaos-filler');
    const descriptor = openSync(filler, 'w');
    const chunk = Buffer.alloc(1 << 20);
    let written = 0;
    try {
      for (;;) {
        const { bavail, bsize } = statfsSync(this.dataDirectory);
        const free = bavail * bsize;
        if (free <= 0) break;
        written += writeSync(descriptor, chunk, 0, Math.min(chunk.length, free));
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(descriptor);
    }
    return { filler, megabytes: Math.round(written / (1 << 20)) };
  }

  freeDataDisk(filler: string): void {
    unlinkSync(filler);
  }

  async dispose(): Promise<void> {
    try {
      runPostgresProgram('pg_ctl', ['-D', this.dataDirectory, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
    if (this.noSmallDiskReason === null)
      try {
        execFileSync('umount', [join(this.options.folder, 'data-disk')]);
      } catch {
        // Not mounted.
      }
    rmSync(this.options.folder, { recursive: true, force: true });
  }
}
