// Notifications delivered to Slack's webhook, PagerDuty's Events API v2 and a Gotify server, each a
// loopback HTTP server speaking the documented format; with routing by severity, retries, deduplication,
// rate limits, quiet hours, and Alertmanager's webhook paired into PagerDuty trigger and resolve.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type NotificationRaised, topics } from '@ats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAdminHeaders } from '../security/test-credentials.js';
import { GotifyChannel } from './channels/gotify-channel.js';
import { PagerDutyChannel } from './channels/pagerduty-channel.js';
import { SlackChannel } from './channels/slack-channel.js';
import { type RunningNotifications, startTestNotifications } from './notification-test-context.js';

interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

/** A loopback server recording each JSON POST; the first `failFirst` answers are 503. */
async function recordingServer(
  failFirst = 0,
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  let failures = 0;
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (failures < failFirst) {
        failures += 1;
        response.writeHead(503).end('try later');
        return;
      }
      received.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(text) });
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received };
}

let slack: Awaited<ReturnType<typeof recordingServer>>;
let pagerduty: Awaited<ReturnType<typeof recordingServer>>;
let gotify: Awaited<ReturnType<typeof recordingServer>>;
let running: RunningNotifications;
const clientToken = 'Coutbound-test-client';

function raised(overrides: Partial<NotificationRaised>): NotificationRaised {
  return {
    type: 'NotificationRaised',
    id: `n-${Math.random()}` as NotificationRaised['id'],
    occurredAt: Date.now(),
    receivedAt: Date.now(),
    causationId: null,
    kind: 'alert',
    title: 'Service down',
    message: 'risk-manager is down',
    priority: 8,
    ...overrides,
  };
}

const waitForDeliveries = () => running.service.dispatcher.drain();

beforeAll(async () => {
  slack = await recordingServer(2);
  pagerduty = await recordingServer();
  gotify = await recordingServer();
  running = await startTestNotifications(
    {
      secrets: { gotify_token: clientToken },
      notifications: {
        routes: [
          { kinds: ['alert'], min_severity: 'critical', channels: ['slack', 'pagerduty', 'gotify'] },
          { kinds: ['*'], min_severity: 'warning', channels: ['slack'] },
        ],
        retry: { attempts: 3, backoff: '20ms' },
        rate_limit_per_minute: 5,
      },
    },
    () => [
      new SlackChannel(`${slack.url}/services/T000/B000/XXXX`),
      new PagerDutyChannel(`${pagerduty.url}/v2/enqueue`, 'routing-key-0123456789'),
      new GotifyChannel(gotify.url, 'Aupstream-app-token'),
    ],
  );
}, 180_000);

afterAll(async () => {
  await running?.close();
  for (const each of [slack, pagerduty, gotify]) each?.server.close();
});

describe('outbound notification channels', () => {
  it('delivers a critical alert from the bus to Slack (after two refusals), PagerDuty and Gotify', async () => {
    running.bus.publish(
      topics.notifications('alert'),
      raised({ key: 'service_down:risk-manager', severity: 'critical', state: 'firing' }),
    );
    await expect.poll(() => pagerduty.received.length, { timeout: 10_000 }).toBe(1);
    await waitForDeliveries();
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.path).toBe('/services/T000/B000/XXXX');
    expect(slack.received[0]?.body.text).toContain('*Service down*');
    expect(pagerduty.received[0]?.body).toMatchObject({
      routing_key: 'routing-key-0123456789',
      event_action: 'trigger',
      dedup_key: 'service_down:risk-manager',
      payload: { severity: 'critical', source: 'ats' },
    });
    expect(gotify.received[0]?.headers['x-gotify-key']).toBe('Aupstream-app-token');
    expect(gotify.received[0]?.body).toMatchObject({ title: 'Service down', priority: 8 });
    const [stored] = await running.service.store.messages({ limit: 1, since: 0 });
    const deliveries = await running.service.store.deliveries(stored?.id ?? 0);
    // Slack took three tries (two refusals); a loopback connection reset under load may add one anywhere.
    expect(deliveries.map((row) => [row.channel, row.status])).toEqual([
      ['gotify', 'sent'],
      ['pagerduty', 'sent'],
      ['slack', 'sent'],
    ]);
    expect(deliveries[2]?.attempts).toBeGreaterThanOrEqual(3);
  });

  it('stores a repeat of the same alert within the dedup window as suppressed, and routes warnings to Slack only', async () => {
    const before = { slack: slack.received.length, pagerduty: pagerduty.received.length };
    running.bus.publish(
      topics.notifications('alert'),
      raised({ key: 'service_down:risk-manager', severity: 'critical', state: 'firing' }),
    );
    running.bus.publish(
      topics.notifications('risk'),
      raised({ kind: 'risk', title: 'Exposure high', priority: 5, severity: 'warning' }),
    );
    await expect.poll(() => slack.received.length, { timeout: 10_000 }).toBe(before.slack + 1);
    await waitForDeliveries();
    expect(pagerduty.received.length).toBe(before.pagerduty);
    // The two handlers run at once: which is stored first is not fixed, so each is found by its kind.
    const latest = await running.service.store.messages({ limit: 2, since: 0 });
    const warning = latest.find((each) => each.kind === 'risk');
    const repeat = latest.find((each) => each.kind === 'alert');
    expect(warning?.severity).toBe('warning');
    expect(await running.service.store.deliveries(repeat?.id ?? 0)).toEqual(
      ['gotify', 'pagerduty', 'slack'].map((channel) =>
        expect.objectContaining({
          channel,
          status: 'suppressed',
          detail: expect.stringContaining('duplicate'),
        }),
      ),
    );
  });

  it('pairs an Alertmanager firing and resolved alert into a PagerDuty trigger and resolve with one dedup key', async () => {
    const created = await fetch(`${running.url}/application`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gotify-key': clientToken },
      body: JSON.stringify({ name: 'alertmanager' }),
    });
    const { token } = (await created.json()) as { token: string };
    const alert = (status: 'firing' | 'resolved') => ({
      version: '4',
      status,
      receiver: 'ats-notifications',
      groupKey: '{}:{alertname="AtsServiceDown"}',
      alerts: [
        {
          status,
          labels: { alertname: 'AtsServiceDown', job: 'ats', service: 'scheduler', severity: 'critical' },
          annotations: { summary: 'scheduler is down', description: 'no scrape for 1m' },
          startsAt: '2026-11-30T08:00:00Z',
          endsAt: status === 'resolved' ? '2026-11-30T08:05:00Z' : '0001-01-01T00:00:00Z',
          fingerprint: 'c0ffee0123456789',
        },
      ],
    });
    const before = pagerduty.received.length;
    for (const status of ['firing', 'resolved'] as const) {
      const answer = await fetch(`${running.url}/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(alert(status)),
      });
      expect(answer.status).toBe(200);
      await waitForDeliveries();
    }
    const events = pagerduty.received.slice(before).map((each) => each.body);
    expect(events.map((each) => [each.event_action, each.dedup_key])).toEqual([
      ['trigger', 'alertmanager:c0ffee0123456789'],
      ['resolve', 'alertmanager:c0ffee0123456789'],
    ]);
    const refused = await fetch(`${running.url}/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alert('firing')),
    });
    expect(refused.status).toBe(401);
    const wrongVersion = await fetch(`${running.url}/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...alert('firing'), version: '3' }),
    });
    expect(wrongVersion.status).toBe(400);
    expect(await wrongVersion.text()).toContain('version');
  });

  it('suppresses deliveries past the per-channel rate limit and records why', async () => {
    for (let index = 0; index < 8; index += 1)
      running.bus.publish(
        topics.notifications('flood'),
        raised({ kind: 'flood', key: `flood-${index}`, title: `flood ${index}`, priority: 5 }),
      );
    await expect
      .poll(async () => (await running.service.store.messages({ limit: 8, since: 0 })).length)
      .toBe(8);
    await waitForDeliveries();
    const flood = (await running.service.store.messages({ limit: 8, since: 0 })).filter(
      (each) => each.kind === 'flood',
    );
    const statuses = [];
    for (const each of flood)
      statuses.push(...(await running.service.store.deliveries(each.id)).map((row) => row.status));
    expect(statuses.filter((status) => status === 'suppressed').length).toBeGreaterThan(0);
    const answer = await running.app.inject({
      method: 'GET',
      url: `/notifications/${flood[0]?.id}`,
      headers: testAdminHeaders,
    });
    expect(answer.json().deliveries[0]).toMatchObject({
      channel: 'slack',
      status: 'suppressed',
      detail: expect.stringContaining('rate limit'),
    });
  });
});
