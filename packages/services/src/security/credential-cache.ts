// What a service knows to check credentials locally: the API keys (hashes) and the revoked sessions, kept current by security events.
import type { ApiKeyAnnouncement, SecurityEventRecorded, SessionRevocation } from '@ats/core';
import type { AccessClaims } from './access-tokens.js';

export class CredentialCache {
  private readonly keys = new Map<string, ApiKeyAnnouncement>();
  private readonly revocations = new Map<string, SessionRevocation>();

  /** Replaces what is known with a fresh read of the stores (at start, and periodically). */
  load(keys: readonly ApiKeyAnnouncement[], revocations: readonly SessionRevocation[]): void {
    this.keys.clear();
    for (const key of keys) this.keys.set(key.id, key);
    for (const revocation of revocations) this.revoke(revocation);
  }

  /** Applies one security event: a key created or revoked, a session revoked. */
  apply(event: SecurityEventRecorded): void {
    if (event.apiKey) this.putKey(event.apiKey);
    if (event.revocation) this.revoke(event.revocation);
  }

  putKey(key: ApiKeyAnnouncement): void {
    const known = this.keys.get(key.id);
    // A revocation is final: a late "created" event never brings a revoked key back.
    if (known?.revokedAt != null && key.revokedAt == null) return;
    this.keys.set(key.id, key);
  }

  key(id: string): ApiKeyAnnouncement | undefined {
    return this.keys.get(id);
  }

  revoke(revocation: SessionRevocation): void {
    const known = this.revocations.get(revocation.subject);
    if (known && known.revokedAt >= revocation.revokedAt && known.expiresAt >= revocation.expiresAt) return;
    this.revocations.set(revocation.subject, {
      subject: revocation.subject,
      revokedAt: Math.max(revocation.revokedAt, known?.revokedAt ?? 0),
      expiresAt: Math.max(revocation.expiresAt, known?.expiresAt ?? 0),
    });
  }

  /** Whether the token, its session (refresh family) or its user was revoked after it was issued. */
  isRevoked(claims: AccessClaims): boolean {
    for (const subject of [
      `token:${claims.tokenId}`,
      `family:${claims.familyId}`,
      `user:${claims.subject}`,
    ]) {
      const revocation = this.revocations.get(subject);
      if (revocation && claims.issuedAt <= revocation.revokedAt) return true;
    }
    return false;
  }

  /** Forgets revocations that concern only expired tokens. */
  prune(now: number): void {
    for (const [subject, revocation] of this.revocations)
      if (revocation.expiresAt < now) this.revocations.delete(subject);
  }
}
