// An audit record: who did what to which object, from where, with what outcome; and its link in the hash chain.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export type ActorKind = 'user' | 'api-key' | 'service' | 'anonymous' | 'system';

/** What a caller records; the writer gives it its sequence number and hashes. */
export interface AuditEntry {
  readonly occurredAt: number;
  readonly actor: { readonly kind: ActorKind; readonly id: string; readonly role?: string | undefined };
  /** A dotted verb: `http.POST`, `order.OrderFilled`, `security.login`, `config.changed`. */
  readonly action: string;
  /** What the action was on: a route, an order id, a user, a job. */
  readonly object?: string | undefined;
  /** Where it came from: a client address, or the service that saw it. */
  readonly source?: string | undefined;
  /** `success`, `denied`, `failed`, or an HTTP status such as `http-404`. */
  readonly outcome: string;
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
}

/** A stored record: the entry, its place in the chain and the two hashes that link it. */
export interface AuditRecord {
  readonly seq: number;
  readonly occurredAt: number;
  readonly actorKind: string;
  readonly actorId: string;
  readonly actorRole: string | null;
  readonly action: string;
  readonly object: string | null;
  readonly source: string | null;
  readonly outcome: string;
  /** The detail as canonical JSON text, exactly the bytes that were hashed. */
  readonly detail: string;
  readonly previousHash: string;
  readonly recordHash: string;
}

/** The hash before the first record of a chain. */
export const genesisHash = '0'.repeat(64);

/** Column limits of the table: longer text is cut, so a record is never refused for its length. */
const limits = { actorId: 200, action: 100, object: 300, source: 100, outcome: 40 } as const;

function bounded(text: string | undefined, limit: number): string | null {
  if (text === undefined) return null;
  // PostgreSQL text cannot hold NUL: one would fail its whole batch again and again.
  const storable = text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
  return storable.length > limit ? storable.slice(0, limit) : storable;
}

/** Places an entry in the chain: its sequence number, the previous record's hash, and its own hash. */
export function chainRecord(entry: AuditEntry, seq: number, previousHash: string): AuditRecord {
  const unhashed = {
    seq,
    occurredAt: entry.occurredAt,
    actorKind: entry.actor.kind,
    actorId: bounded(entry.actor.id, limits.actorId) ?? '',
    actorRole: entry.actor.role ?? null,
    action: bounded(entry.action, limits.action) ?? '',
    object: bounded(entry.object, limits.object),
    source: bounded(entry.source, limits.source),
    outcome: bounded(entry.outcome, limits.outcome) ?? '',
    detail: canonicalJson(entry.detail ?? {}),
    previousHash,
  };
  return { ...unhashed, recordHash: hashOfRecord(unhashed) };
}

/**
 * SHA-256 over the canonical JSON of every field but the hash itself (the previous hash included),
 * so changing any field, or any earlier record, changes it.
 */
export function hashOfRecord(record: Omit<AuditRecord, 'recordHash'>): string {
  const canonical = canonicalJson({
    seq: record.seq,
    occurredAt: new Date(record.occurredAt).toISOString(),
    actorKind: record.actorKind,
    actorId: record.actorId,
    actorRole: record.actorRole,
    action: record.action,
    object: record.object,
    source: record.source,
    outcome: record.outcome,
    detail: record.detail,
    previousHash: record.previousHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
