// Short-lived access tokens: HS256 JWTs (jose) signed with the deployment's shared secret, verified locally by every service.
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { isRole, type Role } from './principal.js';

export interface AccessClaims {
  /** The user id. */
  readonly subject: string;
  readonly username: string;
  readonly role: Role;
  /** The token's own id (`jti`), to revoke one token. */
  readonly tokenId: string;
  /** The refresh family the token was issued in, to revoke a whole session. */
  readonly familyId: string;
  /** Issued at and expiry, epoch milliseconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

const issuer = 'ats-security';
const audience = 'ats';

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: Uint8Array,
    private readonly ttlMilliseconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < 32) throw new Error('the access-token secret must hold at least 32 bytes');
    this.key = secret;
  }

  async issue(user: {
    id: string;
    username: string;
    role: Role;
    familyId: string;
  }): Promise<{ token: string; claims: AccessClaims }> {
    const issuedAt = this.now();
    // JWT times are whole seconds: the expiry is rounded down so a token never outlives its ttl.
    const issuedSeconds = Math.floor(issuedAt / 1000);
    const expiresSeconds = Math.floor((issuedAt + this.ttlMilliseconds) / 1000);
    const tokenId = randomUUID();
    const token = await new SignJWT({
      role: user.role,
      fam: user.familyId,
      name: user.username,
      iatms: issuedAt,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setJti(tokenId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedSeconds)
      .setExpirationTime(expiresSeconds)
      .sign(this.key);
    return {
      token,
      claims: {
        subject: user.id,
        username: user.username,
        role: user.role,
        tokenId,
        familyId: user.familyId,
        issuedAt,
        expiresAt: expiresSeconds * 1000,
      },
    };
  }

  /** The claims of a valid token, or null: a bad signature, another algorithm (`none` too), expired, or malformed. */
  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer,
        audience,
        currentDate: new Date(this.now()),
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
      });
      if (
        !isRole(payload.role) ||
        typeof payload.fam !== 'string' ||
        typeof payload.name !== 'string' ||
        typeof payload.iatms !== 'number'
      )
        return null;
      return {
        subject: payload.sub as string,
        username: payload.name,
        role: payload.role,
        tokenId: payload.jti as string,
        familyId: payload.fam,
        // Milliseconds, so a session revoked in the same second as a later login stays apart from it.
        issuedAt: payload.iatms,
        expiresAt: (payload.exp as number) * 1000,
      };
    } catch {
      return null;
    }
  }

  get ttl(): number {
    return this.ttlMilliseconds;
  }
}
