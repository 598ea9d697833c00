// `ats login`, `ats users`, `ats keys` against a running one-process node: the first start's admin, a
// session kept in a 0600 file, users and keys managed from the command line, keys used by other commands.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'ats-cli-security-'));
const credentialsFile = join(folder, 'config', 'ats', 'credentials.json');
let node: ChildProcess | null = null;

afterAll(() => {
  node?.kill('SIGKILL');
});

/** Starts `ats start` on a free port; resolves its URL and everything it printed so far. */
function startNode(): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [main, 'start', '--port', '0'], {
    env: {
      ...process.env,
      ATS_DATA_DIR: join(folder, 'data'),
      ATS_CONFIG_DIR: fileURLToPath(new URL('../../../config', import.meta.url)),
      DATABASE_URL: '',
      REDIS_URL: '',
      ATS_BOOTSTRAP_API_KEY: '',
      ATS_API_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  node = child;
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const match = /health\s+(http:\/\/\S+)\/health/.exec(output);
      if (match) resolve({ url: match[1] as string, output: () => output });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += String(chunk);
    });
    child.once('exit', (code) => reject(new Error(`the node exited with ${code}: ${output}`)));
  });
}

const ats = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [main, ...args], {
    encoding: 'utf8',
    input: '',
    env: { ...process.env, ATS_CREDENTIALS_FILE: credentialsFile, ATS_API_KEY: '', ATS_TOKEN: '', ...env },
    // Generous: on a busy machine one command's start alone has taken 20 s.
    timeout: 240_000,
  });

describe('ats login, users and keys', () => {
  it('logs in as the first admin, manages users and keys, and other commands use a key', async () => {
    const { url, output } = await startNode();
    const password = /created user admin, password (\S+)/.exec(output())?.[1];
    expect(password, output()).toBeDefined();
    const security = `${url}/api/security`;

    // Without credentials a command is told how to get them.
    const refused = ats(['jobs', 'list', '--url', `${url}/api/scheduler`]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/401 .*ats login/);

    const login = ats(['login', 'admin', '--url', security], { ATS_PASSWORD: password as string });
    expect(login.stdout).toContain('logged in as admin (admin)');
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);

    const added = ats(['users', 'add', 'bob', '--role', 'viewer', '--url', security], {
      ATS_NEW_PASSWORD: 'bob has a long password',
    });
    expect(added.stdout, added.stderr).toContain('added bob as viewer');
    expect(ats(['users', 'set-role', 'bob', 'trader', '--url', security]).stdout).toContain(
      'bob is now trader',
    );
    const users = ats(['users', 'list', '--url', security]).stdout;
    expect(users).toMatch(/bob\s+trader\s+enabled/);
    expect(users).toMatch(/admin\s+admin\s+enabled/);
    expect(ats(['users', 'disable', 'bob', '--url', security]).stdout).toContain('bob disabled');
    expect(
      ats(['login', 'bob', '--url', security, '--print'], { ATS_PASSWORD: 'bob has a long password' }).status,
    ).toBe(1);

    const created = ats([
      'keys',
      'create',
      'nightly-script',
      '--role',
      'viewer',
      '--days',
      '7',
      '--url',
      security,
    ]);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ats_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown once');
    const id = key.slice(4, 20);
    expect(ats(['keys', 'list', '--url', security]).stdout).toMatch(
      new RegExp(`${id}\\s+nightly-script\\s+viewer`),
    );
    // Another command with the key from the environment: a viewer may list jobs but not trigger one.
    const listed = ats(['jobs', 'list', '--url', `${url}/api/scheduler`], { ATS_API_KEY: key });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('daily-backup');
    const trigger = ats(['jobs', 'trigger', 'daily-backup', '--url', `${url}/api/scheduler`], {
      ATS_API_KEY: key,
    });
    expect(trigger.stderr).toMatch(/403/);
    expect(ats(['keys', 'revoke', id, '--url', security]).stdout).toContain(`key ${id} revoked`);
    expect(ats(['jobs', 'list', '--url', `${url}/api/scheduler`], { ATS_API_KEY: key }).stderr).toMatch(
      /401/,
    );

    expect(ats(['logout']).stdout).toContain('logged out');
    expect(ats(['users', 'list', '--url', security]).stderr).toMatch(/401/);
  }, 1_200_000);
});
