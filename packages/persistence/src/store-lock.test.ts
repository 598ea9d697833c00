// Tests of the embedded store's owner: a second process is refused while the first lives, and a SIGKILLed owner's lock does not block.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AtsError } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { PgliteDatabase, storeLockFile } from './pglite-database.js';
import { acquireProcessLock } from './process-lock.js';

const persistence = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Another process that opens the store in `directory`, writes a row, says "ready" and waits. */
function holder(directory: string): Promise<ChildProcess> {
  const script = `
    const { PgliteDatabase } = await import(${JSON.stringify(persistence)});
    const database = await PgliteDatabase.open(${JSON.stringify(directory)});
    await database.query('CREATE TABLE IF NOT EXISTS marks (value TEXT)');
    await database.query("INSERT INTO marks VALUES ('from the first owner')");
    console.log('ready');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (String(chunk).includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

let children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children = [];
});

describe('the embedded store has one owner', () => {
  it('refuses a second process on the folder, naming the folder and the holder pid', async () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'ats-store-lock-')), 'pglite');
    const first = await holder(directory);
    children.push(first);
    const refusal = await PgliteDatabase.open(directory).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(AtsError);
    expect((refusal as AtsError).code).toBe('RESOURCE_LOCKED');
    expect((refusal as AtsError).message).toContain(directory);
    expect((refusal as AtsError).message).toContain(`process ${first.pid}`);
  }, 60_000);

  it('lets the next process open the folder after its owner was killed with SIGKILL', async () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'ats-store-lock-')), 'pglite');
    const first = await holder(directory);
    children.push(first);
    first.kill('SIGKILL');
    await exited(first);
    expect(existsSync(storeLockFile(directory))).toBe(true);
    const database = await PgliteDatabase.open(directory);
    const rows = await database.query<{ value: string }>('SELECT value FROM marks');
    expect(rows.map((row) => row.value)).toEqual(['from the first owner']);
    await database.close();
    expect(existsSync(storeLockFile(directory))).toBe(false);
  }, 60_000);

  it('takes over a lock whose recorded pid no longer runs, and refuses while its holder lives', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ats-lock-')), 'resource.lock');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(file, JSON.stringify({ pid: gone, host: hostname(), startedAt: null }));
    const lock = acquireProcessLock(file, 'the resource');
    expect(() => acquireProcessLock(file, 'the resource')).toThrow(`in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });
});
