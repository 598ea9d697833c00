// Publishes security events on the bus (topic security.events): credential caches and the audit trail read them.
import {
  type ApiKeyAnnouncement,
  type IdGenerator,
  type MessageBus,
  type SecurityEventKind,
  type SessionRevocation,
  topics,
} from '@ats/core';

export interface SecurityEventFields {
  readonly kind: SecurityEventKind;
  readonly actor: string;
  readonly subject: string;
  readonly sourceIp?: string | null;
  readonly detail: string;
  readonly apiKey?: ApiKeyAnnouncement | null;
  readonly revocation?: SessionRevocation | null;
}

export class SecurityEventPublisher {
  constructor(
    private readonly bus: MessageBus,
    private readonly ids: IdGenerator,
    private readonly now: () => number = Date.now,
  ) {}

  /** Publishes and waits until the transport stored the event, so a revocation is out before it is acknowledged. */
  async publish(fields: SecurityEventFields): Promise<void> {
    const now = this.now();
    this.bus.publish(topics.securityEvents, {
      type: 'SecurityEventRecorded',
      id: this.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      kind: fields.kind,
      actor: fields.actor,
      subject: fields.subject,
      sourceIp: fields.sourceIp ?? null,
      detail: fields.detail,
      apiKey: fields.apiKey ?? null,
      revocation: fields.revocation ?? null,
    });
    await this.bus.flush();
  }
}
