// Access tokens: a valid token verifies; expired, forged (alg none, another key, edited claims) ones do not.
import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from './access-tokens.js';

const secret = new Uint8Array(randomBytes(32));
const user = { id: 'u1', username: 'ana', role: 'trader' as const, familyId: 'f1' };

describe('access tokens', () => {
  it('verifies its own token with the claims it was issued with', async () => {
    const tokens = new AccessTokens(secret, 60_000);
    const { token, claims } = await tokens.issue(user);
    expect(await tokens.verify(token)).toEqual(claims);
    expect(claims).toMatchObject({ subject: 'u1', role: 'trader', familyId: 'f1' });
  });

  it('refuses an expired token', async () => {
    let now = Date.now();
    const tokens = new AccessTokens(secret, 60_000, () => now);
    const { token } = await tokens.issue(user);
    now += 61_000;
    expect(await tokens.verify(token)).toBeNull();
  });

  it('refuses alg none, another key, and a token whose role was edited', async () => {
    const tokens = new AccessTokens(secret, 60_000);
    const claims = { role: 'admin', fam: 'f1', name: 'ana', iatms: Date.now() };
    const unsecured = new UnsecuredJWT(claims)
      .setSubject('u1')
      .setJti('t1')
      .setIssuer('ats-security')
      .setAudience('ats')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect(await tokens.verify(unsecured)).toBeNull();
    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setJti('t1')
      .setIssuer('ats-security')
      .setAudience('ats')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new Uint8Array(randomBytes(32)));
    expect(await tokens.verify(otherKey)).toBeNull();
    const { token } = await tokens.issue(user);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const edited = JSON.parse(Buffer.from(payload, 'base64url').toString());
    edited.role = 'admin';
    expect(
      await tokens.verify(
        `${header}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${signature}`,
      ),
    ).toBeNull();
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => new AccessTokens(new Uint8Array(16), 60_000)).toThrow(/32 bytes/);
  });
});
