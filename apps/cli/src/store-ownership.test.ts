// A second `ats start` on an embedded store another live process holds refuses with one line and a non-zero exit.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const persistence = fileURLToPath(new URL('../../../packages/persistence/dist/index.js', import.meta.url));

let holder: ChildProcess | null = null;
afterEach(() => {
  holder?.kill('SIGKILL');
  holder = null;
});

describe('ats start on a store in use', () => {
  it('prints one line naming the folder and the holder pid, and exits non-zero', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'ats-owned-'));
    const folder = join(dataDirectory, 'pglite');
    const script = `
      const { PgliteDatabase } = await import(${JSON.stringify(persistence)});
      await PgliteDatabase.open(${JSON.stringify(folder)});
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    holder = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => String(chunk).includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });

    const second = spawnSync(process.execPath, [main, 'start', '--port', '0'], {
      encoding: 'utf8',
      env: { ...process.env, ATS_DATA_DIR: dataDirectory, DATABASE_URL: '', REDIS_URL: '' },
      timeout: 30_000,
    });
    expect(second.status).not.toBe(0);
    expect(second.status).not.toBeNull();
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(folder);
    expect(lines[0]).toContain(`process ${child.pid}`);
    expect(second.stdout).not.toContain('ATS is running');
  }, 60_000);
});
