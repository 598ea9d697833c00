// The port every part of the platform records audit entries through (HTTP calls, logins, changes).
import type { AuditEntry } from './audit-record.js';

/**
 * Records an entry. Returns at once: entries are written in batches behind the caller, so recording
 * never waits on the database in a request or the order path.
 */
export interface AuditRecorder {
  record(entry: AuditEntry): void;
}

/** The principal the security layer attaches to a request; anonymous until it does. */
export interface AuditPrincipal {
  readonly kind: 'user' | 'api-key' | 'service' | 'anonymous';
  readonly id: string;
  readonly role?: string;
}

export const anonymousPrincipal: AuditPrincipal = { kind: 'anonymous', id: 'anonymous' };
