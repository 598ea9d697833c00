// Logins and sessions: argon2 password checks with lockout, access tokens, rotating refresh tokens
// (a reused refresh token revokes its whole family), logout and token revocation.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AtsError, type SessionRevocation } from '@ats/core';
import type { SqlSecurityStore, UserRecord } from '@ats/persistence';
import type { AccessClaims, AccessTokens } from './access-tokens.js';
import type { CredentialCache } from './credential-cache.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SecurityEventPublisher } from './security-event-publisher.js';

/** Where revoked sessions are kept: PostgreSQL (one process) or Redis (multi-process). */
export interface RevocationStore {
  addRevocation(revocation: SessionRevocation): Promise<void>;
  activeRevocations(now: number): Promise<SessionRevocation[]>;
}

export interface SessionPolicy {
  readonly refreshTtlMilliseconds: number;
  readonly maxFailedLogins: number;
  readonly lockoutMilliseconds: number;
}

export interface IssuedSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly role: string;
}

const refusedLogin = () => new AtsError('UNAUTHORIZED', 'invalid username or password');
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionService {
  /** A hash to verify against when the user does not exist, so both refusals take as long. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    private readonly store: SqlSecurityStore,
    private readonly tokens: AccessTokens,
    private readonly revocations: RevocationStore,
    private readonly cache: CredentialCache,
    private readonly events: SecurityEventPublisher,
    private readonly policy: SessionPolicy,
    private readonly passwords: PasswordHasher,
    private readonly now: () => number = Date.now,
  ) {}

  async login(username: string, password: string, sourceIp: string | null): Promise<IssuedSession> {
    const user = await this.store.userByName(username);
    const now = this.now();
    if (!user) {
      this.decoyHash ??= this.passwords.hash(randomUUID());
      await this.passwords.verify(await this.decoyHash, password);
      await this.events.publish({
        kind: 'login-failed',
        actor: username,
        subject: username,
        sourceIp,
        detail: 'no such user',
      });
      throw refusedLogin();
    }
    if (user.lockedUntil !== null && user.lockedUntil > now) {
      await this.events.publish({
        kind: 'login-failed',
        actor: username,
        subject: user.id,
        sourceIp,
        detail: 'locked',
      });
      throw new AtsError(
        'UNAUTHORIZED',
        'too many failed logins: the user is locked for a while; try again later',
      );
    }
    const matches = await this.passwords.verify(user.passwordHash, password);
    if (!matches || user.disabled) {
      await this.failed(user, sourceIp, matches ? 'disabled' : 'wrong password');
      throw refusedLogin();
    }
    await this.store.recordSuccessfulLogin(user.id);
    const session = await this.issue(user, randomUUID());
    await this.events.publish({
      kind: 'login-succeeded',
      actor: `user:${user.id}`,
      subject: user.id,
      sourceIp,
      detail: user.username,
    });
    return session;
  }

  private async failed(user: UserRecord, sourceIp: string | null, detail: string): Promise<void> {
    const now = this.now();
    const after = await this.store.recordFailedLogin(
      user.id,
      this.policy.maxFailedLogins,
      now + this.policy.lockoutMilliseconds,
    );
    await this.events.publish({
      kind: 'login-failed',
      actor: user.username,
      subject: user.id,
      sourceIp,
      detail,
    });
    if (after?.lockedUntil != null && after.lockedUntil > now)
      await this.events.publish({
        kind: 'user-locked',
        actor: user.username,
        subject: user.id,
        sourceIp,
        detail: `${this.policy.maxFailedLogins} failed logins in a row`,
      });
  }

  private async issue(user: UserRecord, familyId: string): Promise<IssuedSession> {
    const now = this.now();
    const refreshToken = randomBytes(32).toString('base64url');
    await this.store.addRefreshToken({
      tokenHash: tokenHash(refreshToken),
      familyId,
      userId: user.id,
      issuedAt: now,
      expiresAt: now + this.policy.refreshTtlMilliseconds,
      rotatedAt: null,
      revokedAt: null,
    });
    return this.accessFor(user, familyId, refreshToken);
  }

  private async accessFor(user: UserRecord, familyId: string, refreshToken: string): Promise<IssuedSession> {
    const { token } = await this.tokens.issue({
      id: user.id,
      username: user.username,
      role: user.role,
      familyId,
    });
    return {
      accessToken: token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: Math.floor(this.tokens.ttl / 1000),
      role: user.role,
    };
  }

  /** Trades a refresh token for a new pair; a token used twice revokes every token of its family. */
  async refresh(refreshToken: string, sourceIp: string | null): Promise<IssuedSession> {
    const presented = tokenHash(refreshToken);
    const record = await this.store.refreshToken(presented);
    const now = this.now();
    if (!record) throw new AtsError('UNAUTHORIZED', 'unknown refresh token');
    if (record.rotatedAt !== null || record.revokedAt !== null) {
      await this.revokeFamily(
        record.familyId,
        record.userId,
        sourceIp,
        'refresh-reuse-detected',
        'a rotated refresh token was presented again',
      );
      throw new AtsError('UNAUTHORIZED', 'the refresh token was already used: its session is revoked');
    }
    if (record.expiresAt <= now) throw new AtsError('UNAUTHORIZED', 'the refresh token expired');
    const user = await this.store.userById(record.userId);
    if (!user || user.disabled) throw new AtsError('UNAUTHORIZED', 'the user is disabled');
    const successor = randomBytes(32).toString('base64url');
    const rotated = await this.store.rotateRefreshToken(presented, {
      tokenHash: tokenHash(successor),
      familyId: record.familyId,
      userId: user.id,
      issuedAt: now,
      expiresAt: record.expiresAt,
      rotatedAt: null,
      revokedAt: null,
    });
    if (!rotated) {
      // Two uses raced: the loser is the reuse.
      await this.revokeFamily(
        record.familyId,
        record.userId,
        sourceIp,
        'refresh-reuse-detected',
        'a refresh token was used twice at once',
      );
      throw new AtsError('UNAUTHORIZED', 'the refresh token was already used: its session is revoked');
    }
    return this.accessFor(user, record.familyId, successor);
  }

  /** Ends the session of an access token: its refresh family and every access token issued in it. */
  async logout(claims: AccessClaims, sourceIp: string | null): Promise<void> {
    await this.revokeFamily(claims.familyId, claims.subject, sourceIp, 'token-revoked', 'logout');
  }

  /** Revokes one access token (an administrator's action). */
  async revokeToken(claims: AccessClaims, actor: string, sourceIp: string | null): Promise<void> {
    await this.revoke(
      `token:${claims.tokenId}`,
      actor,
      sourceIp,
      'token-revoked',
      `token of user ${claims.username}`,
    );
  }

  /** Revokes every session of a user (disabled, or its role changed: tokens carry the old role). */
  async revokeUser(userId: string, actor: string, sourceIp: string | null, detail: string): Promise<void> {
    await this.store.revokeFamiliesOfUser(userId, this.now());
    await this.revoke(`user:${userId}`, actor, sourceIp, 'user-changed', detail);
  }

  private async revokeFamily(
    familyId: string,
    userId: string,
    sourceIp: string | null,
    kind: 'token-revoked' | 'refresh-reuse-detected',
    detail: string,
  ): Promise<void> {
    await this.store.revokeFamily(familyId, this.now());
    await this.revoke(`family:${familyId}`, `user:${userId}`, sourceIp, kind, detail);
  }

  /** Stores the revocation, applies it here at once, and broadcasts it to every service's cache. */
  private async revoke(
    subject: string,
    actor: string,
    sourceIp: string | null,
    kind: 'token-revoked' | 'refresh-reuse-detected' | 'user-changed',
    detail: string,
  ): Promise<void> {
    const now = this.now();
    // Access tokens live at most one ttl: after that the revocation concerns nothing valid.
    const revocation: SessionRevocation = {
      subject,
      revokedAt: now,
      expiresAt: now + this.tokens.ttl + 1_000,
    };
    await this.revocations.addRevocation(revocation);
    this.cache.revoke(revocation);
    await this.events.publish({ kind, actor, subject, sourceIp, detail, revocation });
  }
}
