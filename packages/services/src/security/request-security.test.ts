// No cross-site request can act: JSON-only state changes (415 otherwise), foreign Origins refused, CORS
// only for configured origins; address lists and rate limits per address and per credential.
import { describe, expect, it } from 'vitest';
import { buildServiceApp } from '../http/build-http-app.js';
import type { ServiceModule } from '../http/service-module.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import type { RequestSecurityPolicy } from './request-security.js';
import { testAdminHeaders, testRequestSecurity } from './test-credentials.js';

const haltModule: ServiceModule = {
  name: 'risk-manager',
  metrics: new PrometheusMetrics('security', false),
  health: () => ({ status: 'up' }),
  routes: (app) => {
    app.post('/halt', { config: { permission: 'risk' } }, async () => ({ halted: true }));
    app.get('/limits', { config: { permission: 'read' } }, async () => ({ limits: true }));
    app.post('/login', { config: { permission: 'public' } }, async () => ({ tried: true }));
  },
};

async function appWith(policy: Partial<RequestSecurityPolicy> = {}) {
  const base = testRequestSecurity();
  return buildServiceApp(haltModule, { security: { ...base, policy: { ...base.policy, ...policy } } });
}

describe('cross-site requests', () => {
  it('answers 415 to a text/plain or form POST, even with valid credentials', async () => {
    const app = await appWith();
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await app.inject({
        method: 'POST',
        url: '/halt',
        headers: { ...testAdminHeaders, 'content-type': type },
        payload: '{}',
      });
      expect(answer.statusCode, type).toBe(415);
    }
    const json = await app.inject({ method: 'POST', url: '/halt', headers: testAdminHeaders, payload: {} });
    expect(json.json()).toEqual({ halted: true });
  });

  it('refuses a request from a foreign Origin and answers CORS only for a configured one', async () => {
    const app = await appWith({ corsOrigins: ['https://ops.example.com'] });
    const foreign = await app.inject({
      method: 'POST',
      url: '/halt',
      headers: { ...testAdminHeaders, origin: 'https://evil.example.net' },
      payload: {},
    });
    expect(foreign.statusCode).toBe(403);
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/halt',
      headers: { origin: 'https://ops.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://ops.example.com');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const foreignPreflight = await app.inject({
      method: 'OPTIONS',
      url: '/halt',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    expect(foreignPreflight.statusCode).toBe(403);
    expect(foreignPreflight.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await app.inject({
      method: 'POST',
      url: '/halt',
      headers: { ...testAdminHeaders, origin: 'https://ops.example.com' },
      payload: {},
    });
    expect(allowed.statusCode).toBe(200);
  });

  it('takes no credentials from cookies', async () => {
    const app = await appWith();
    const answer = await app.inject({
      method: 'GET',
      url: '/limits',
      headers: {
        cookie: `x-api-key=${testAdminHeaders['x-api-key']}; authorization=${testAdminHeaders['x-api-key']}`,
      },
    });
    expect(answer.statusCode).toBe(401);
  });
});

describe('addresses and rate limits', () => {
  it('refuses a denied address, and any address outside an allow list', async () => {
    const denied = await appWith({ ipDeny: ['10.0.0.0/8'] });
    const from = (app: typeof denied, remoteAddress: string) =>
      app.inject({ method: 'GET', url: '/limits', headers: testAdminHeaders, remoteAddress });
    expect((await from(denied, '10.1.2.3')).statusCode).toBe(403);
    expect((await from(denied, '192.168.1.1')).statusCode).toBe(200);
    const allowed = await appWith({ ipAllow: ['127.0.0.1', '192.168.0.0/16'] });
    expect((await from(allowed, '192.168.7.7')).statusCode).toBe(200);
    expect((await from(allowed, '8.8.8.8')).statusCode).toBe(403);
    expect(
      (await allowed.inject({ method: 'GET', url: '/health', remoteAddress: '8.8.8.8' })).statusCode,
    ).toBe(403);
  });

  it('answers 429 past the limit per address, and per credential across addresses', async () => {
    const perAddress = await appWith({ perIpPerMinute: 3 });
    const statuses = [];
    for (let index = 0; index < 5; index++)
      statuses.push(
        (await perAddress.inject({ method: 'GET', url: '/limits', headers: testAdminHeaders })).statusCode,
      );
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // A public route (login) is counted too: a password guesser is slowed by its address.
    const logins = await appWith({ perIpPerMinute: 2 });
    const tries = [];
    for (let index = 0; index < 3; index++)
      tries.push((await logins.inject({ method: 'POST', url: '/login', payload: {} })).statusCode);
    expect(tries).toEqual([200, 200, 429]);
    const textLogin = await logins.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
      remoteAddress: '10.9.9.9',
    });
    expect(textLogin.statusCode).toBe(415);
    const perCredential = await appWith({ perCredentialPerMinute: 2 });
    const spread = [];
    for (const remoteAddress of ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
      spread.push(
        (
          await perCredential.inject({
            method: 'GET',
            url: '/limits',
            headers: testAdminHeaders,
            remoteAddress,
          })
        ).statusCode,
      );
    expect(spread).toEqual([200, 200, 429]);
  });

  it('refuses an IP list entry that is not an address or range at start', async () => {
    await expect(appWith({ ipDeny: ['not-an-address'] })).rejects.toThrow(/security.ip_deny/);
  });
});
