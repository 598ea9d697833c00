// The live stream's route over a real socket: credentials required, events filtered by role and by
// the topics asked for, closed when its token expires, the statistics readable, and the dashboard's
// files served at / and /assets.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdGenerator, type PlatformEvent, SeededRandom, topics } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { AccessTokens } from '../security/access-tokens.js';
import { CredentialCache } from '../security/credential-cache.js';
import { RequestAuthenticator } from '../security/request-authenticator.js';
import { registerRequestSecurity } from '../security/request-security.js';
import { testAdminHeaders, testRequestSecurity } from '../security/test-credentials.js';
import { registerDashboardStaticFiles } from './dashboard-static-files.js';
import { LiveEventHub } from './live-event-hub.js';
import { registerLiveRoutes } from './live-routes.js';

const bus = new InProcessMessageBus(() => undefined);
const hub = new LiveEventHub(bus, new PrometheusMetrics('live_test'), 4);
const ids = new IdGenerator(new SeededRandom(5));
let app: FastifyInstance;
let url: string;
let folder: string;

const notification = (message: string): PlatformEvent => ({
  type: 'NotificationRaised',
  id: ids.eventId(),
  occurredAt: 1,
  receivedAt: 1,
  causationId: null,
  kind: 'test',
  title: 'test',
  message,
  priority: 1,
});

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'ats-live-routes-'));
  mkdirSync(join(folder, 'assets'));
  writeFileSync(join(folder, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(folder, 'assets', 'index-abc.js'), 'console.log("dashboard")');
  app = Fastify();
  registerRequestSecurity(app, testRequestSecurity());
  registerDashboardStaticFiles(app, folder);
  registerLiveRoutes(app, { hub, bufferEvents: 100 });
  hub.start();
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await hub.stop();
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Reads the stream until `until` matches what arrived, then closes it. */
async function readStream(query: string, publish: () => void, until: RegExp): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/live/events${query}`, {
    headers: testAdminHeaders,
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader();
  let text = '';
  let published = false;
  while (!until.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    if (!published && text.includes('event: ready')) {
      published = true;
      publish();
    }
  }
  controller.abort();
  return text;
}

describe('the live stream routes', () => {
  it('refuses the stream and its statistics without credentials', async () => {
    expect((await fetch(`${url}/api/live/events`)).status).toBe(401);
    expect((await fetch(`${url}/api/live/statistics`)).status).toBe(401);
  });

  it('streams bus events as Server-Sent Events, only the topics asked for', async () => {
    const text = await readStream(
      '?topics=notifications.*',
      () => {
        bus.publish(topics.riskAlerts, { ...notification('not asked for') });
        bus.publish(topics.notifications('test'), notification('asked for'));
      },
      /asked for/,
    );
    expect(text).toContain('event: notifications.test');
    expect(text).toContain('"message":"asked for"');
    expect(text).not.toContain('not asked for');
  });

  it('refuses a topic list that is not topic names', async () => {
    const response = await fetch(`${url}/api/live/events?topics=${encodeURIComponent('a b')}`, {
      headers: testAdminHeaders,
    });
    expect(response.status).toBe(400);
  });

  it('keeps security events from a viewer and gives them to an administrator', () => {
    const seen: Record<string, string[]> = { viewer: [], admin: [] };
    const subscribers = (['viewer', 'admin'] as const).map((role) => ({
      role,
      patterns: [],
      deliver: (frame: { topic: string }) => seen[role]?.push(frame.topic),
    }));
    for (const subscriber of subscribers) hub.add(subscriber);
    bus.publish(topics.securityEvents, notification('login'));
    bus.publish(topics.tradesExecuted, notification('fill'));
    for (const subscriber of subscribers) hub.remove(subscriber);
    expect(seen.viewer).toEqual([topics.tradesExecuted]);
    expect(seen.admin).toEqual([topics.securityEvents, topics.tradesExecuted]);
  });

  it('serves the dashboard at / and its assets without credentials, gzip-compressed when asked', async () => {
    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await index.text()).toContain('<div id="app">');
    const asset = await fetch(`${url}/assets/index-abc.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log("dashboard")');
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
  });
});

describe('the live stream and the credential that opened it', () => {
  it('says expired and closes the stream when the access token expires, and refuses the expired token', async () => {
    const secret = new Uint8Array(randomBytes(32));
    // A token that lives 2 s (JWT expiry is whole seconds, so between 1 and 2 s from now).
    const tokens = new AccessTokens(secret, 2_000);
    const security = testRequestSecurity();
    const expiring = Fastify();
    registerRequestSecurity(expiring, {
      ...security,
      authenticator: new RequestAuthenticator({ tokens, cache: new CredentialCache() }),
    });
    const expiringHub = new LiveEventHub(bus, new PrometheusMetrics('live_expiry_test'), 4);
    registerLiveRoutes(expiring, { hub: expiringHub, bufferEvents: 100 });
    expiringHub.start();
    const address = await expiring.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { token, claims } = await tokens.issue({
        id: 'user-1',
        username: 'olivia',
        role: 'viewer',
        familyId: 'family-1',
      });
      const response = await fetch(`${address}/api/live/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      // The whole body: it ends because the server closed the stream, not because the test stopped reading.
      const text = await response.text();
      const endedAt = Date.now();
      expect(text).toContain('event: ready');
      expect(text).toMatch(/event: expired\ndata: \{"reason":"the access token expired"\}\n\n$/);
      expect(endedAt).toBeGreaterThanOrEqual(claims.expiresAt);
      expect(expiringHub.statistics().clients).toBe(0);
      const again = await fetch(`${address}/api/live/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(again.status).toBe(401);
      await again.body?.cancel();
    } finally {
      await expiringHub.stop();
      await expiring.close();
    }
  });

  it('keeps a stream opened with a key that does not expire open', async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}/api/live/events`, {
      headers: testAdminHeaders,
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(hub.statistics().clients).toBe(1);
    controller.abort();
  });
});
