// Turns an event of the security layer (logins, lockouts, key and user changes) into an audit entry.
// Read field by field: the security events' type lives in the security layer, and the trail keeps
// what they say without depending on their exact shape. Token and secret fields are never kept.
import type { ActorKind, AuditEntry } from './audit-record.js';

const actorKinds: readonly ActorKind[] = ['user', 'api-key', 'service', 'anonymous', 'system'];
const withheld = /token|secret|password|hash|key$/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function securityEventEntry(event: unknown, source: string): AuditEntry | null {
  if (typeof event !== 'object' || event === null) return null;
  const fields = event as Record<string, unknown>;
  const type = text(fields.type);
  if (!type) return null;
  const kind = text(fields.actorKind);
  const detail: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (withheld.test(name) && name !== 'apiKeyId') continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      if (typeof value === 'number' && !Number.isFinite(value)) continue;
      detail[name] = value;
    }
  }
  const succeeded = fields.success === false || fields.outcome === 'denied' ? 'denied' : 'success';
  return {
    occurredAt:
      typeof fields.occurredAt === 'number' && Number.isFinite(fields.occurredAt)
        ? fields.occurredAt
        : Date.now(),
    actor: {
      kind: kind && (actorKinds as readonly string[]).includes(kind) ? (kind as ActorKind) : 'user',
      id: text(fields.actorId) ?? text(fields.userId) ?? text(fields.username) ?? 'unknown',
      role: text(fields.role),
    },
    action: `security.${type}`,
    object: text(fields.object) ?? text(fields.apiKeyId) ?? text(fields.userId),
    source: text(fields.ip) ?? text(fields.source) ?? source,
    outcome: text(fields.outcome) ?? succeeded,
    detail,
  };
}
