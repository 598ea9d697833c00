// Finds PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup) and runs them as the postgres
// user when we are root (PostgreSQL refuses to run a server as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AtsError } from '@ats/core';

/** The folder of the server programs: `pg_config --bindir`, else Debian's newest /usr/lib/postgresql/N/bin. */
export function postgresProgramFolder(): string | null {
  try {
    const folder = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(folder, 'pg_ctl'))) return folder;
  } catch {
    // No pg_config: look where Debian puts each major version.
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export function postgresProgram(name: string): string {
  const folder = postgresProgramFolder();
  if (!folder)
    throw new AtsError(
      'CONFIG_INVALID',
      `PostgreSQL's ${name} is not installed (apt-get install postgresql)`,
    );
  return join(folder, name);
}

const runningAsRoot = () => process.getuid?.() === 0;

/** Gives a folder to the postgres user when we are root, so a server started from it may use it. */
export function handToPostgresUser(folder: string): void {
  if (runningAsRoot()) execFileSync('chown', ['-R', 'postgres:postgres', folder]);
}

/** Runs a server program to completion (as postgres when root); throws with its output on failure. */
export function runPostgresProgram(name: string, args: readonly string[]): string {
  const program = postgresProgram(name);
  const [command, commandArgs] = runningAsRoot()
    ? ['runuser', ['-u', 'postgres', '--', program, ...args]]
    : [program, [...args]];
  const result = spawnSync(command, commandArgs, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new AtsError(
      'DATABASE_UNAVAILABLE',
      `${name} ${args.join(' ')} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout).trim()}`,
    );
  return result.stdout;
}
