// Users and API keys as administrators manage them: create, list, disable, change roles; create (shown once) and revoke keys.
import { randomUUID } from 'node:crypto';
import { type ApiKeyAnnouncement, AtsError } from '@ats/core';
import type { ApiKeyRecord, SqlSecurityStore, UserRecord } from '@ats/persistence';
import { createApiKeyText, secretHash } from './api-key-text.js';
import type { CredentialCache } from './credential-cache.js';
import type { PasswordHasher } from './password-hasher.js';
import type { Role } from './principal.js';
import type { SecurityEventPublisher } from './security-event-publisher.js';
import type { SessionService } from './session-service.js';

export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly lockedUntil: string | null;
  readonly createdAt: string;
}

export interface KeyView {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly kind: 'service' | 'script';
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

const iso = (milliseconds: number | null) =>
  milliseconds === null ? null : new Date(milliseconds).toISOString();

export function userView(user: UserRecord): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabled,
    lockedUntil: iso(user.lockedUntil),
    createdAt: iso(user.createdAt) as string,
  };
}

export function keyView(key: ApiKeyRecord): KeyView {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    kind: key.kind,
    createdBy: key.createdBy,
    createdAt: iso(key.createdAt) as string,
    expiresAt: iso(key.expiresAt) as string,
    revokedAt: iso(key.revokedAt),
  };
}

export function announcementOf(key: ApiKeyRecord): ApiKeyAnnouncement {
  return {
    id: key.id,
    secretHash: key.secretHash,
    role: key.role,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
  };
}

/** Who acts and from where, for the events. */
export interface Actor {
  readonly id: string;
  readonly sourceIp: string | null;
}

export class SecurityAdministration {
  constructor(
    private readonly store: SqlSecurityStore,
    private readonly sessions: SessionService,
    private readonly cache: CredentialCache,
    private readonly events: SecurityEventPublisher,
    private readonly passwords: PasswordHasher,
    private readonly now: () => number = Date.now,
  ) {}

  async addUser(username: string, password: string, role: Role, actor: Actor): Promise<UserView> {
    if (await this.store.userByName(username))
      throw new AtsError('CONFLICT', `username: a user named ${username} already exists`, {
        details: { field: 'username' },
      });
    const user: UserRecord = {
      id: randomUUID(),
      username,
      passwordHash: await this.passwords.hash(password),
      role,
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: this.now(),
    };
    await this.store.addUser(user);
    await this.events.publish({
      kind: 'user-created',
      actor: actor.id,
      subject: user.id,
      sourceIp: actor.sourceIp,
      detail: `${username} as ${role}`,
    });
    return userView(user);
  }

  async listUsers(): Promise<UserView[]> {
    return (await this.store.listUsers()).map(userView);
  }

  /** Changes a user's role or disables or enables it; every session of the user ends (tokens carry the role). */
  async changeUser(
    username: string,
    change: { role?: Role; disabled?: boolean },
    actor: Actor,
  ): Promise<UserView> {
    const user = await this.store.updateUser(username, change);
    if (!user)
      throw new AtsError('NOT_FOUND', `username: no user named ${username}`, {
        details: { field: 'username' },
      });
    const described = [
      change.role ? `role ${change.role}` : null,
      change.disabled === undefined ? null : change.disabled ? 'disabled' : 'enabled',
    ]
      .filter((part) => part !== null)
      .join(', ');
    await this.sessions.revokeUser(user.id, actor.id, actor.sourceIp, `${username}: ${described}`);
    return userView(user);
  }

  /** Creates a key; its text is returned once and only its secret's hash is kept. */
  async createKey(
    input: { name: string; role: Role; kind: 'service' | 'script'; ttlMilliseconds: number },
    actor: Actor,
  ): Promise<KeyView & { readonly key: string }> {
    const text = createApiKeyText();
    const now = this.now();
    const record: ApiKeyRecord = {
      id: text.id,
      name: input.name,
      secretHash: secretHash(text.secret),
      role: input.role,
      kind: input.kind,
      createdBy: actor.id,
      createdAt: now,
      expiresAt: now + input.ttlMilliseconds,
      revokedAt: null,
    };
    await this.store.addKey(record);
    const announcement = announcementOf(record);
    this.cache.putKey(announcement);
    await this.events.publish({
      kind: 'key-created',
      actor: actor.id,
      subject: record.id,
      sourceIp: actor.sourceIp,
      detail: `${input.name} (${input.kind}, ${input.role})`,
      apiKey: announcement,
    });
    return { ...keyView(record), key: text.text };
  }

  async listKeys(): Promise<KeyView[]> {
    return (await this.store.listKeys()).map(keyView);
  }

  /** Revokes a key in the store, here at once, and in every service through the broadcast event. */
  async revokeKey(id: string, actor: Actor): Promise<KeyView> {
    const record = await this.store.revokeKey(id, this.now());
    if (!record) throw new AtsError('NOT_FOUND', `id: no API key ${id}`, { details: { field: 'id' } });
    const announcement = announcementOf(record);
    this.cache.putKey(announcement);
    await this.events.publish({
      kind: 'key-revoked',
      actor: actor.id,
      subject: record.id,
      sourceIp: actor.sourceIp,
      detail: record.name,
      apiKey: announcement,
    });
    return keyView(record);
  }
}
