// Security in multi-process mode on PostgreSQL and Redis: every service process checks credentials
// locally; a viewer cannot halt trading; a revoked key and a logged-out session are refused by every
// service within a second (the revocation reaches each service's cache over Redis).
import { testAdminHeaders } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRedisReachable } from './redis-availability.js';
import { type Deployment, sleep, startDeployment } from './support/distributed-deployment.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error(
    'CI=true but DATABASE_URL or REDIS_URL is not set: the multi-process security test cannot run',
  );

let deployment: Deployment | null = null;
afterAll(async () => {
  await deployment?.dispose();
});

/** One read route per service, each answered by its own process. */
const readRoutes = [
  ['risk-manager', '/limits'],
  ['trade-executor', '/orders'],
  ['strategy-engine', '/strategies'],
  ['data-collector', '/stats'],
  ['scheduler', '/jobs'],
  ['backtesting', '/runs'],
  ['security', '/me'],
] as const;

async function call(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Polls every service until each refuses the credentials; returns each service's delay after `since`. */
async function refusalDelays(
  target: Deployment,
  headers: Record<string, string>,
  since: number,
): Promise<Record<string, number>> {
  const delays: Record<string, number> = {};
  await Promise.all(
    readRoutes.map(async ([service, path]) => {
      for (;;) {
        const { status } = await call('GET', `${target.url(service)}${path}`, headers);
        if (status === 401) {
          delays[service] = Date.now() - since;
          return;
        }
        if (Date.now() - since > 10_000) {
          delays[service] = Number.POSITIVE_INFINITY;
          return;
        }
        await sleep(10);
      }
    }),
  );
  return delays;
}

describe.runIf(enabled)('security across processes', () => {
  it('enforces roles in every service process and refuses a revoked key and an ended session within a second', async () => {
    await assertRedisReachable();
    deployment = await startDeployment({
      yaml: ['logging:', '  level: warn'],
      redisUrl: redisUrl as string,
      databaseUrl: databaseUrl as string,
    });
    const security = deployment.url('security');
    const createKey = async (role: string) => {
      const created = await call('POST', `${security}/keys`, testAdminHeaders, {
        name: `mp ${role}`,
        role,
        kind: 'service',
      });
      expect(created.status).toBe(201);
      return created.body as { id: string; key: string };
    };

    // Every route of every process refuses no credentials; the test's admin key works everywhere.
    for (const [service, path] of readRoutes) {
      expect((await call('GET', `${deployment.url(service)}${path}`, {})).status, service).toBe(401);
      expect((await call('GET', `${deployment.url(service)}${path}`, testAdminHeaders)).status, service).toBe(
        200,
      );
    }

    // A viewer key made by the Security process is known at once by the others (a read of the store).
    const viewer = await createKey('viewer');
    const asViewer = { 'x-api-key': viewer.key };
    for (const [service, path] of readRoutes.slice(0, 6))
      expect((await call('GET', `${deployment.url(service)}${path}`, asViewer)).status, service).toBe(200);
    const halt = await call('POST', `${deployment.url('risk-manager')}/halt`, asViewer);
    expect(halt.status).toBe(403);
    const risk = await createKey('risk');
    expect(
      (await call('POST', `${deployment.url('risk-manager')}/halt`, { 'x-api-key': risk.key })).body,
    ).toEqual({ halted: true });
    expect(
      (await call('POST', `${deployment.url('risk-manager')}/resume`, { 'x-api-key': risk.key })).body,
    ).toEqual({ halted: false });
    // A browser's preflight-free form post: refused whatever its credentials.
    const form = await fetch(`${deployment.url('risk-manager')}/halt`, {
      method: 'POST',
      headers: { ...testAdminHeaders, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);

    // Revoke the viewer key: every service refuses it within a second.
    const revoked = await call('DELETE', `${security}/keys/${viewer.id}`, testAdminHeaders);
    expect(revoked.status).toBe(200);
    const keyDelays = await refusalDelays(deployment, asViewer, Date.now());
    console.log(`revoked key refused after (ms): ${JSON.stringify(keyDelays)}`);
    for (const [service, delay] of Object.entries(keyDelays)) expect(delay, service).toBeLessThan(1_000);

    // A user's session, logged out: its access token is refused everywhere within a second.
    expect(
      (
        await call('POST', `${security}/users`, testAdminHeaders, {
          username: 'mp-user',
          password: 'multi process password',
          role: 'trader',
        })
      ).status,
    ).toBe(201);
    const login = await call(
      'POST',
      `${security}/login`,
      {},
      { username: 'mp-user', password: 'multi process password' },
    );
    const bearer = { authorization: `Bearer ${(login.body as { accessToken: string }).accessToken}` };
    expect((await call('GET', `${deployment.url('trade-executor')}/orders`, bearer)).status).toBe(200);
    expect((await call('POST', `${security}/logout`, bearer)).status).toBe(204);
    const sessionDelays = await refusalDelays(deployment, bearer, Date.now());
    console.log(`logged-out session refused after (ms): ${JSON.stringify(sessionDelays)}`);
    for (const [service, delay] of Object.entries(sessionDelays)) expect(delay, service).toBeLessThan(1_000);
  }, 180_000);
});
