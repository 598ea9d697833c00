// pg_dump and pg_restore never see the database password in their arguments: it travels in PGPASSWORD.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pgClientInvocation } from './pg-client-invocation.js';
import { PostgresDatabase } from './postgres-database.js';

describe('pgClientInvocation', () => {
  it('moves the password from the URL into PGPASSWORD, keeping everything else', () => {
    const invocation = pgClientInvocation(
      'postgres://ats:s%40cret%21@db.internal:6432/trading?sslmode=require',
      {
        PATH: '/usr/bin',
      },
    );
    expect(invocation.url).toBe('postgres://ats@db.internal:6432/trading?sslmode=require');
    expect(invocation.env).toEqual({ PATH: '/usr/bin', PGPASSWORD: 's@cret!' });
  });

  it('moves a password given as a URL parameter too, and leaves a URL without one alone', () => {
    expect(pgClientInvocation('postgres://ats@db/trading?password=pw', {})).toEqual({
      url: 'postgres://ats@db/trading',
      env: { PGPASSWORD: 'pw' },
    });
    expect(pgClientInvocation('postgres://ats@db/trading', {})).toEqual({
      url: 'postgres://ats@db/trading',
      env: {},
    });
  });
});

const databaseUrl = process.env.DATABASE_URL;
describe.runIf(databaseUrl)('pg_dump started by a PostgreSQL backup', () => {
  it('gets the password through its environment, never its arguments', async () => {
    // A pg_dump first on PATH that records what it was given, then runs the real one.
    const folder = mkdtempSync(join(tmpdir(), 'ats-pg-dump-argv-'));
    const real = ['/usr/bin/pg_dump', '/usr/lib/postgresql/15/bin/pg_dump'].find((path) => existsSync(path));
    expect(real, 'pg_dump is installed').toBeDefined();
    writeFileSync(
      join(folder, 'pg_dump'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${folder}/argv"\nprintf '%s' "$PGPASSWORD" > "${folder}/pgpassword"\nexec ${real} "$@"\n`,
    );
    chmodSync(join(folder, 'pg_dump'), 0o755);
    const url = new URL(databaseUrl as string);
    url.password = 'not-on-the-command-line';
    const database = await PostgresDatabase.open({ url: url.toString(), maxConnections: 1 });
    const path = process.env.PATH;
    process.env.PATH = `${folder}:${path}`;
    try {
      await database.backup(join(folder, 'backup'));
    } finally {
      process.env.PATH = path;
      await database.close();
    }
    const argv = readFileSync(join(folder, 'argv'), 'utf8');
    expect(argv).not.toContain('not-on-the-command-line');
    expect(argv).toContain(`--file=${join(folder, 'backup.dump')}`);
    expect(readFileSync(join(folder, 'pgpassword'), 'utf8')).toBe('not-on-the-command-line');
    expect(existsSync(join(folder, 'backup.dump'))).toBe(true);
  });
});
