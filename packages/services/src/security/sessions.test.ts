// Logins and sessions through the Security API: tokens, rotation, reuse of a refresh token, logout,
// lockout, disabled users and role changes, and token revocation.
import { type SecurityEventRecorded, topics } from '@ats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCombinedAppFixture, type CombinedAppFixture } from '../testing/combined-app-fixture.js';
import { testAdminHeaders } from './test-credentials.js';

let fixture: CombinedAppFixture;
beforeAll(async () => {
  fixture = await buildCombinedAppFixture();
});
afterAll(async () => fixture.close());

const password = 'correct horse battery staple';

async function addUser(username: string, role: string) {
  const answer = await fixture.app.inject({
    method: 'POST',
    url: '/api/security/users',
    headers: testAdminHeaders,
    payload: { username, password, role },
  });
  expect(answer.statusCode).toBe(201);
}

const login = (username: string, secret = password) =>
  fixture.app.inject({ method: 'POST', url: '/api/security/login', payload: { username, password: secret } });
const refresh = (refreshToken: string) =>
  fixture.app.inject({ method: 'POST', url: '/api/security/refresh', payload: { refreshToken } });
const limitsWith = (token: string) =>
  fixture.app.inject({
    method: 'GET',
    url: '/api/risk-manager/limits',
    headers: { authorization: `Bearer ${token}` },
  });

interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  role: string;
}

describe('sessions', () => {
  it('logs in with a short-lived access token that every service accepts, and never with a wrong password', async () => {
    await addUser('olivia', 'viewer');
    const answer = await login('olivia');
    expect(answer.statusCode).toBe(200);
    const session = answer.json() as Session;
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, role: 'viewer' });
    expect((await limitsWith(session.accessToken)).statusCode).toBe(200);
    const me = await fixture.app.inject({
      method: 'GET',
      url: '/api/security/me',
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(me.json()).toMatchObject({ kind: 'user', role: 'viewer' });
    const wrong = await login('olivia', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'UNAUTHORIZED', message: 'invalid username or password' });
    // An unknown user gets the same answer: logins do not tell which names exist.
    expect((await login('nobody-here')).json()).toEqual(wrong.json());
  });

  it('rotates the refresh token, and a reused one revokes its whole family', async () => {
    await addUser('rotating', 'trader');
    const first = (await login('rotating')).json() as Session;
    const second = (await refresh(first.refreshToken)).json() as Session;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await limitsWith(second.accessToken)).statusCode).toBe(200);
    // The first refresh token again: a thief or a replay. The family ends, the new tokens too.
    const reused = await refresh(first.refreshToken);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().message).toMatch(/already used/);
    expect((await limitsWith(second.accessToken)).statusCode).toBe(401);
    expect((await limitsWith(first.accessToken)).statusCode).toBe(401);
    expect((await refresh(second.refreshToken)).statusCode).toBe(401);
    // A new login starts a new family and works.
    const again = (await login('rotating')).json() as Session;
    expect((await limitsWith(again.accessToken)).statusCode).toBe(200);
  });

  it('ends the session at logout: the access token and its refresh token are refused', async () => {
    await addUser('leaving', 'viewer');
    const session = (await login('leaving')).json() as Session;
    const logout = await fixture.app.inject({
      method: 'POST',
      url: '/api/security/logout',
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(logout.statusCode).toBe(204);
    expect((await limitsWith(session.accessToken)).statusCode).toBe(401);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it('locks a user after five failed logins in a row, even for the right password', async () => {
    await addUser('guessed', 'viewer');
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await login('guessed', `wrong-${attempt}-password`)).statusCode).toBe(401);
    const locked = await login('guessed');
    expect(locked.statusCode).toBe(401);
    expect(locked.json().message).toMatch(/locked/);
    const listed = (
      await fixture.app.inject({ method: 'GET', url: '/api/security/users', headers: testAdminHeaders })
    ).json() as { username: string; lockedUntil: string | null }[];
    expect(listed.find((user) => user.username === 'guessed')?.lockedUntil).not.toBeNull();
  });

  it('ends the sessions of a disabled user or one whose role changed', async () => {
    await addUser('changing', 'risk');
    const before = (await login('changing')).json() as Session;
    const change = await fixture.app.inject({
      method: 'PATCH',
      url: '/api/security/users/changing',
      headers: testAdminHeaders,
      payload: { role: 'viewer' },
    });
    expect(change.json()).toMatchObject({ role: 'viewer' });
    expect((await limitsWith(before.accessToken)).statusCode).toBe(401);
    const after = (await login('changing')).json() as Session;
    expect(after.role).toBe('viewer');
    expect((await limitsWith(after.accessToken)).statusCode).toBe(200);
    await fixture.app.inject({
      method: 'PATCH',
      url: '/api/security/users/changing',
      headers: testAdminHeaders,
      payload: { disabled: true },
    });
    expect((await limitsWith(after.accessToken)).statusCode).toBe(401);
    expect((await login('changing')).statusCode).toBe(401);
  });

  it('lets an administrator revoke one access token', async () => {
    await addUser('revoked', 'viewer');
    const session = (await login('revoked')).json() as Session;
    const revoke = await fixture.app.inject({
      method: 'POST',
      url: '/api/security/tokens/revoke',
      headers: testAdminHeaders,
      payload: { token: session.accessToken },
    });
    expect(revoke.statusCode).toBe(204);
    expect((await limitsWith(session.accessToken)).statusCode).toBe(401);
  });

  it('refuses a weak password and a second user of the same name, naming the field', async () => {
    const weak = await fixture.app.inject({
      method: 'POST',
      url: '/api/security/users',
      headers: testAdminHeaders,
      payload: { username: 'weak', password: 'short', role: 'viewer' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ field: 'body.password' });
    await addUser('twice', 'viewer');
    const twice = await fixture.app.inject({
      method: 'POST',
      url: '/api/security/users',
      headers: testAdminHeaders,
      payload: { username: 'twice', password, role: 'viewer' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('publishes logins, lockouts, key changes and revocations on security.events', async () => {
    const seen: SecurityEventRecorded[] = [];
    const subscription = fixture.bus.subscribe(topics.securityEvents, (event) => {
      if (event.type === 'SecurityEventRecorded') seen.push(event);
    });
    try {
      await addUser('watched', 'viewer');
      await login('watched', 'a wrong password here');
      const session = (await login('watched')).json() as Session;
      await fixture.app.inject({
        method: 'POST',
        url: '/api/security/logout',
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      const created = await fixture.app.inject({
        method: 'POST',
        url: '/api/security/keys',
        headers: testAdminHeaders,
        payload: { name: 'watched key', role: 'viewer' },
      });
      await fixture.app.inject({
        method: 'DELETE',
        url: `/api/security/keys/${created.json().id}`,
        headers: testAdminHeaders,
      });
    } finally {
      await subscription.unsubscribe();
    }
    expect(seen.map((event) => event.kind)).toEqual([
      'user-created',
      'login-failed',
      'login-succeeded',
      'token-revoked',
      'key-created',
      'key-revoked',
    ]);
    expect(seen[1]).toMatchObject({ actor: 'watched', sourceIp: '127.0.0.1', detail: 'wrong password' });
    expect(seen[3]?.revocation?.subject).toMatch(/^family:/);
    expect(seen[4]?.apiKey).toMatchObject({ role: 'viewer', revokedAt: null });
    expect(seen[5]?.apiKey?.revokedAt).toEqual(expect.any(Number));
    // No event carries a password, a token or a key.
    expect(JSON.stringify(seen)).not.toMatch(/correct horse|a wrong password|ats_[0-9a-f]{16}_/);
  });
});
