// Quiet hours on a real database, delivering to a loopback Slack webhook: below their severity a
// notification is stored with its delivery held, a critical one goes out at once, and what was held goes
// out once the quiet hours end; deliveries a stopped process left pending are sent by the next one.
import { createServer, type Server } from 'node:http';
import { openTestDatabase, type TestDatabase } from '@ats/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsConfig } from '../config/notifications-config.js';
import { SlackChannel } from './channels/slack-channel.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import type { NewNotification } from './notification-record.js';
import { NotificationStore } from './notification-store.js';

let test: TestDatabase;
let server: Server;
let webhook = '';
const received: { text?: string }[] = [];

beforeAll(async () => {
  test = await openTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push(JSON.parse(body) as { text?: string });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhook = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/quiet`;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await test?.dispose();
});

function notification(title: string, severity: NewNotification['severity']): NewNotification {
  return {
    applicationId: null,
    source: 'bus',
    kind: 'alert',
    title,
    message: `${title} happened`,
    priority: severity === 'critical' ? 8 : 5,
    severity,
    alertKey: null,
    state: null,
    extras: null,
  };
}

function dispatcherAt(clock: { now: number }, store: NotificationStore): NotificationDispatcher {
  return new NotificationDispatcher({
    database: test.database,
    store,
    config: notificationsConfig.parse({
      quiet_hours: { start: '22:00', end: '07:00', time_zone: 'America/New_York', min_severity: 'critical' },
    }),
    channels: [new SlackChannel(webhook)],
    dedupWindowMilliseconds: 300_000,
    retryBackoffMilliseconds: 1,
    wait: async () => {},
    now: () => clock.now,
  });
}

const titles = () => received.map((message) => message.text ?? '');

describe('quiet hours', () => {
  it('holds a warning raised inside them (stored, not sent), sends a critical one at once, and sends the warning when they end', async () => {
    const store = new NotificationStore(test.database);
    // 23:30 in New York (04:30 UTC): inside 22:00-07:00 there.
    const clock = { now: Date.parse('2026-12-01T04:30:00Z') };
    const dispatcher = dispatcherAt(clock, store);
    const warning = await dispatcher.submit(notification('disk 85% full', 'warning'));
    const critical = await dispatcher.submit(notification('trade executor down', 'critical'));
    await dispatcher.drain();

    expect(await store.deliveries(warning.id)).toEqual([
      expect.objectContaining({
        channel: 'slack',
        status: 'held',
        detail: 'quiet hours (22:00-07:00 America/New_York): sent when they end',
      }),
    ]);
    expect(await store.deliveries(critical.id)).toEqual([
      expect.objectContaining({ channel: 'slack', status: 'sent', attempts: 1 }),
    ]);
    expect(titles().some((text) => text.includes('trade executor down'))).toBe(true);
    expect(titles().some((text) => text.includes('disk 85% full'))).toBe(false);

    // Still quiet at 06:59 New York time: nothing is released.
    clock.now = Date.parse('2026-12-01T11:59:00Z');
    expect(await dispatcher.releaseHeld()).toBe(0);
    await dispatcher.drain();
    expect((await store.deliveries(warning.id))[0]?.status).toBe('held');

    // 07:01 New York time: the warning goes out, once.
    clock.now = Date.parse('2026-12-01T12:01:00Z');
    expect(await dispatcher.releaseHeld()).toBe(1);
    await dispatcher.drain();
    expect(await store.deliveries(warning.id)).toEqual([
      expect.objectContaining({ channel: 'slack', status: 'sent', attempts: 1, detail: '' }),
    ]);
    expect(titles().filter((text) => text.includes('disk 85% full'))).toHaveLength(1);
    expect(await dispatcher.releaseHeld()).toBe(0);
  });

  it('sends, at the next start, a delivery a stopped process left pending', async () => {
    const store = new NotificationStore(test.database);
    const left = await store.insert(
      notification('left pending by a SIGKILL', 'warning'),
      [{ channel: 'slack', status: 'pending', detail: '' }],
      (work) => test.database.transaction(work),
    );
    // Daytime: the next process resumes it at start.
    const dispatcher = dispatcherAt({ now: Date.parse('2026-12-01T17:00:00Z') }, store);
    expect(await dispatcher.resumePending()).toBe(1);
    await dispatcher.drain();
    expect((await store.deliveries(left.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(titles().filter((text) => text.includes('left pending by a SIGKILL'))).toHaveLength(1);
  });
});
