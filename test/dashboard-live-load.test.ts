/// <reference lib="dom" />
// The live stream under load: 1,000 events a second for 8 s while the dashboard is open in Chromium and
// a client that never reads is connected. The page keeps drawing frames (frame times measured in the
// browser and saved in test-artifacts/dashboard/live-load.json); the slow client's buffer stays within
// its bound and sheds events (dropped and counted), so the server's memory does not grow with the backlog.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IdGenerator, SeededRandom } from '@ats/core';
import {
  createLogger,
  loadConfig,
  type RunningNode,
  startOneProcessNode,
  testAdminHeaders,
  testSecurityOverrides,
} from '@ats/services';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDirectory,
  dashboardBundle,
  freshDatabase,
  launchChromium,
} from './support/dashboard-platform.js';

// Large enough for a publishing burst when the machine stalls the loop for a second or two; a client that
// never reads still outgrows it within the run.
const bufferEvents = 2_000;
let node: RunningNode;
let browser: Browser;
let folder: string;
let database: Awaited<ReturnType<typeof freshDatabase>> = null;

beforeAll(async () => {
  if (!dashboardBundle) throw new Error('no dashboard bundle path');
  folder = mkdtempSync(join(tmpdir(), 'ats-dashboard-load-'));
  database = await freshDatabase();
  const config = loadConfig({
    directory: join(folder, 'no-config-files'),
    env: {},
    overrides: {
      ...testSecurityOverrides,
      database: database ? { url: database.url } : { data_directory: join(folder, 'pglite') },
      backups: { directory: join(folder, 'backups') },
      status_interval_seconds: 0,
      dashboard: { live_buffer_events: bufferEvents },
      secrets: { ...testSecurityOverrides.secrets, admin_password: 'load-test-admin-password' },
    },
  });
  node = await startOneProcessNode({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    port: 0,
    print: () => undefined,
    dashboardDirectory: fileURLToPath(new URL('../apps/dashboard/dist', import.meta.url)),
  });
  browser = await launchChromium();
  mkdirSync(artifactsDirectory, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await node?.stop();
  await database?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}, 60_000);

interface Statistics {
  connections: { role: string; sent: number; dropped: number; coalesced: number; buffered: number }[];
  memory: { rss: number; heapUsed: number };
}

// The node runs in this process: a full collection before each reading makes heapUsed what is
// retained (the buffers), not garbage a busy machine had not yet collected.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const statistics = async (): Promise<Statistics> =>
  (
    await fetch(`${node.url}/api/live/statistics`, { headers: testAdminHeaders })
  ).json() as Promise<Statistics>;

/** Publishes `perSecond` notifications a second for `seconds`, in 10 ms slices; resolves with the count. */
async function publishLoad(perSecond: number, seconds: number): Promise<number> {
  const ids = new IdGenerator(new SeededRandom(3));
  const perSlice = perSecond / 100;
  // About 2 KB an event: 16 MB over the run, more than a socket's kernel buffers hold for a client that
  // never reads, so the slow client's own buffer has to shed.
  const padding = 'x'.repeat(2_000);
  let published = 0;
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
    while (published < due) {
      const now = Date.now();
      node.bus.publish('notifications.load', {
        type: 'NotificationRaised',
        id: ids.eventId(),
        occurredAt: now,
        receivedAt: now,
        causationId: null,
        kind: 'load',
        title: 'load test',
        message: `event ${published} ${padding}`,
        priority: 1,
      });
      published += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(perSlice).toBeGreaterThan(0);
  return published;
}

describe('the live stream under 1,000 events a second', () => {
  it('keeps the page drawing and a slow client bounded, its excess dropped and counted', {
    timeout: 120_000,
  }, async () => {
    // The slow client: connects, reads the headers, then never reads again (its socket fills up).
    const slow = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const outgoing = request(`${node.url}/api/live/events`, { headers: testAdminHeaders }, resolve);
      outgoing.on('error', reject);
      outgoing.end();
    });
    slow.pause();

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${node.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('load-test-admin-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
    // Frame times from requestAnimationFrame, collected in the page while the load runs.
    await page.evaluate(() => {
      const frames: number[] = [];
      let previous = performance.now();
      const tick = (now: number) => {
        frames.push(now - previous);
        previous = now;
        if (frames.length < 100_000) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      (window as unknown as { frames_: number[] }).frames_ = frames;
    });

    collectGarbage();
    const before = await statistics();
    const published = await publishLoad(1_000, 8);
    collectGarbage();
    const after = await statistics();
    const frames = await page.evaluate(() => (window as unknown as { frames_: number[] }).frames_.slice());
    const received = await page.evaluate(
      () => document.querySelector('[data-testid=live-status]')?.textContent ?? '',
    );
    await page.screenshot({ path: join(artifactsDirectory, 'live-load.png') });

    const sorted = [...frames].sort((a, b) => a - b);
    const quantile = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
    const figures = {
      published,
      frames: frames.length,
      frameMilliseconds: {
        median: quantile(0.5),
        p95: quantile(0.95),
        p99: quantile(0.99),
        max: sorted.at(-1),
      },
      serverMemory: { before: before.memory, after: after.memory },
      connections: after.connections,
      pageStatus: received,
    };
    writeFileSync(join(artifactsDirectory, 'live-load.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`[dashboard live load] ${JSON.stringify(figures)}`);

    // The page kept drawing through the load: one frame at least every 100 ms of it on average.
    expect(frames.length).toBeGreaterThan(80);
    // The page got the stream (its counter passed a third of what was published).
    const count = Number(/([0-9,]+) events/.exec(received)?.[1]?.replace(/,/g, '') ?? 0);
    expect(count).toBeGreaterThan(published / 3);
    // The slow client: never more than its bound waiting, the rest dropped and counted.
    const stuck = [...after.connections].sort((a, b) => b.dropped - a.dropped)[0];
    expect(stuck?.dropped ?? 0, JSON.stringify(after.connections)).toBeGreaterThan(0);
    expect(stuck?.buffered).toBeLessThanOrEqual(bufferEvents);
    expect((stuck?.sent ?? 0) + (stuck?.dropped ?? 0) + (stuck?.buffered ?? 0)).toBeGreaterThanOrEqual(
      published,
    );
    // Memory: a sanity bound, after a full collection; the bound on the buffer above is the proof. The
    // node in this process also stores the 8,000 load notifications (16 MB of text) through its
    // notification service, whose writes may still be queued when this is read.
    expect(after.memory.heapUsed - before.memory.heapUsed).toBeLessThan(64 * 1_048_576);
    slow.destroy();
    await page.close();
  });
});
