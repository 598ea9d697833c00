// The platform for the dashboard's browser tests, started as `npm start` starts it (`ats start` in a child
// process, the built dashboard at /), on a free port, with its own database: a fresh PostgreSQL database
// when DATABASE_URL is set, else the embedded store in a temporary folder. Also launches Debian's Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testBootstrapKey, testCredentialEnvironment } from '@ats/services';
import { type Browser, chromium, type Page } from 'playwright-core';
import { freePort } from './distributed-deployment.js';
import { createFreshDatabase, type FreshDatabase } from './fresh-database.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const dashboardBundle = join(root, 'apps/dashboard/dist/index.html');
/** Screenshots and measurements of the browser tests (gitignored). */
export const artifactsDirectory = join(root, 'test-artifacts/dashboard');

export const adminPassword = `admin-${randomBytes(9).toString('base64url')}`;

export interface DashboardPlatform {
  readonly url: string;
  readonly output: string[];
  /** Calls the platform's API as the bootstrap admin. */
  api<T>(path: string, method?: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** A fresh database on DATABASE_URL's server (dropped by `drop`), or null when DATABASE_URL is unset. */
export async function freshDatabase(): Promise<FreshDatabase | null> {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl ? createFreshDatabase(serverUrl, 'ats_dashboard') : null;
}

export async function startDashboardPlatform(yaml: string): Promise<DashboardPlatform> {
  if (!existsSync(dashboardBundle))
    throw new Error('the dashboard is not built: run `npm run build` (it builds apps/dashboard/dist)');
  const folder = mkdtempSync(join(tmpdir(), 'ats-dashboard-browser-'));
  const configDirectory = join(folder, 'config');
  mkdirSync(configDirectory);
  writeFileSync(join(configDirectory, 'default.yaml'), yaml);
  const port = await freePort();
  const database = await freshDatabase();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? folder,
    ...testCredentialEnvironment,
    ATS_ADMIN_PASSWORD: adminPassword,
    ATS_CONFIG_DIR: configDirectory,
    ATS_DATA_DIR: join(folder, 'data'),
  };
  if (database) env.DATABASE_URL = database.url;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'apps/cli/dist/main.cjs'), 'start', '--port', String(port)],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        const match = /\[ats\]\s+dashboard\s+(\S+)/.exec(line);
        if (match) resolve(match[1] as string);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (output.length < 2000) output.push(chunk.toString().slice(0, 2000));
    });
    void exited.then((code) =>
      reject(new Error(`ats start exited with ${code}: ${output.slice(-20).join('\n')}`)),
    );
  });
  const url = await ready;
  return {
    url,
    output,
    async api<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
      const response = await fetch(`${url.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          'x-api-key': testBootstrapKey,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    async stop() {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      await database?.drop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing that reaches the network. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync('/usr/bin/chromium'))
    throw new Error('the browser tests need Debian chromium: apt-get install -y chromium');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Waits long: the browser tests run beside the rest of the suite on two cores. */
const browserWaitMilliseconds = 90_000;

/** Logs a page in on the dashboard at `url` and waits for the signed-in shell. */
export async function logInAt(target: Page, url: string, username: string, password: string): Promise<void> {
  await target.goto(url, { timeout: browserWaitMilliseconds });
  await target.getByLabel('Username').fill(username);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Log in' }).click();
  await target.getByTestId('user').waitFor({ timeout: browserWaitMilliseconds });
}

/** Opens a dashboard route and waits for its heading. */
export async function openRoute(target: Page, url: string, route: string, heading: string): Promise<void> {
  await target.goto(`${url}#/${route}`, { timeout: browserWaitMilliseconds });
  await target
    .getByRole('heading', { level: 1, name: heading })
    .waitFor({ timeout: browserWaitMilliseconds });
}

/** A full-page screenshot into the browser tests' artifacts folder. */
export function screenshotOf(target: Page, name: string): Promise<Buffer> {
  return target.screenshot({ path: join(artifactsDirectory, `${name}.png`), fullPage: true });
}
