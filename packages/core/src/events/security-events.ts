// Security events: logins, lockouts, API keys and revoked sessions, for the services' credential caches and the audit trail.
import type { EventHeader } from './event.js';

export type SecurityEventKind =
  | 'login-succeeded'
  | 'login-failed'
  | 'user-locked'
  | 'user-created'
  | 'user-changed'
  | 'key-created'
  | 'key-revoked'
  | 'token-revoked'
  | 'refresh-reuse-detected';

/** A session revoked: tokens of `subject` (`token:<jti>`, `family:<id>`, `user:<id>`) issued at or before revokedAt. */
export interface SessionRevocation {
  readonly subject: string;
  readonly revokedAt: number;
  /** After this no token the revocation concerns is valid anyway, so it may be forgotten. */
  readonly expiresAt: number;
}

/** An API key as the services' caches hold it (its secret's hash, never the key). */
export interface ApiKeyAnnouncement {
  readonly id: string;
  readonly secretHash: string;
  readonly role: 'viewer' | 'trader' | 'risk' | 'admin';
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

export interface SecurityEventRecorded extends EventHeader {
  readonly type: 'SecurityEventRecorded';
  readonly kind: SecurityEventKind;
  /** Who acted: a principal id (`user:<id>`, `api-key:<id>`), or the username a login attempt named. */
  readonly actor: string;
  /** What it concerns: a user, a key id, a revoked session. */
  readonly subject: string;
  readonly sourceIp: string | null;
  readonly detail: string;
  /** Set on key-created and key-revoked: the key as caches hold it. */
  readonly apiKey: ApiKeyAnnouncement | null;
  /** Set on token-revoked, user-changed and refresh-reuse-detected: the sessions now refused. */
  readonly revocation: SessionRevocation | null;
}
