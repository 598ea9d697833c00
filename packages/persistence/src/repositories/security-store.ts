// The Security service's rows: users, API keys, refresh tokens and revoked sessions.
import type { Database, Queryable, Row } from '../database.js';
import { millisecondsOf, millisecondsOrNull, timestampText } from '../sql-values.js';

export type SecurityRole = 'viewer' | 'trader' | 'risk' | 'admin';

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly passwordHash: string;
  readonly role: SecurityRole;
  readonly disabled: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: number | null;
  readonly createdAt: number;
}

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  /** SHA-256 (hex) of the key's secret part; the key itself is shown once and never stored. */
  readonly secretHash: string;
  readonly role: SecurityRole;
  readonly kind: 'service' | 'script';
  readonly createdBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

export interface RefreshTokenRecord {
  readonly tokenHash: string;
  readonly familyId: string;
  readonly userId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly rotatedAt: number | null;
  readonly revokedAt: number | null;
}

/** A revoked session: `token:<jti>`, `family:<id>` or `user:<id>`; tokens issued at or before revokedAt are refused. */
export interface RevocationRecord {
  readonly subject: string;
  readonly revokedAt: number;
  readonly expiresAt: number;
}

function userOf(row: Row): UserRecord {
  return {
    id: String(row.id),
    username: String(row.username),
    passwordHash: String(row.password_hash),
    role: String(row.role) as SecurityRole,
    disabled: row.disabled === true,
    failedLogins: Number(row.failed_logins),
    lockedUntil: millisecondsOrNull(row.locked_until),
    createdAt: millisecondsOf(row.created_at),
  };
}

function keyOf(row: Row): ApiKeyRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    secretHash: String(row.secret_hash),
    role: String(row.role) as SecurityRole,
    kind: String(row.kind) as 'service' | 'script',
    createdBy: String(row.created_by),
    createdAt: millisecondsOf(row.created_at),
    expiresAt: millisecondsOf(row.expires_at),
    revokedAt: millisecondsOrNull(row.revoked_at),
  };
}

function refreshOf(row: Row): RefreshTokenRecord {
  return {
    tokenHash: String(row.token_hash),
    familyId: String(row.family_id),
    userId: String(row.user_id),
    issuedAt: millisecondsOf(row.issued_at),
    expiresAt: millisecondsOf(row.expires_at),
    rotatedAt: millisecondsOrNull(row.rotated_at),
    revokedAt: millisecondsOrNull(row.revoked_at),
  };
}

const at = (milliseconds: number | null) => (milliseconds === null ? null : timestampText(milliseconds));

export class SqlSecurityStore {
  constructor(private readonly database: Database) {}

  async addUser(user: UserRecord): Promise<void> {
    await this.database.query(
      `INSERT INTO security_users (id, username, password_hash, role, disabled, failed_logins, locked_until, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        user.id,
        user.username,
        user.passwordHash,
        user.role,
        user.disabled,
        user.failedLogins,
        at(user.lockedUntil),
        timestampText(user.createdAt),
      ],
    );
  }

  async userByName(username: string): Promise<UserRecord | null> {
    const [row] = await this.database.query('SELECT * FROM security_users WHERE username = $1', [username]);
    return row ? userOf(row) : null;
  }

  async userById(id: string): Promise<UserRecord | null> {
    const [row] = await this.database.query('SELECT * FROM security_users WHERE id = $1', [id]);
    return row ? userOf(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.database.query('SELECT * FROM security_users ORDER BY username')).map(userOf);
  }

  async countUsers(): Promise<number> {
    const [row] = await this.database.query('SELECT COUNT(*) AS count FROM security_users');
    return Number(row?.count ?? 0);
  }

  /** Sets role or disabled; returns the user after the change, or null when there is none. */
  async updateUser(
    username: string,
    change: { readonly role?: SecurityRole; readonly disabled?: boolean },
  ): Promise<UserRecord | null> {
    const [row] = await this.database.query(
      `UPDATE security_users SET role = COALESCE($2, role), disabled = COALESCE($3, disabled)
       WHERE username = $1 RETURNING *`,
      [username, change.role ?? null, change.disabled ?? null],
    );
    return row ? userOf(row) : null;
  }

  /** Counts a failed login; when it reaches `maximum`, locks the user until `lockUntil` and resets the count. */
  async recordFailedLogin(id: string, maximum: number, lockUntil: number): Promise<UserRecord | null> {
    const [row] = await this.database.query(
      `UPDATE security_users SET
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
       WHERE id = $1 RETURNING *`,
      [id, maximum, timestampText(lockUntil)],
    );
    return row ? userOf(row) : null;
  }

  async recordSuccessfulLogin(id: string): Promise<void> {
    await this.database.query(
      'UPDATE security_users SET failed_logins = 0, locked_until = NULL WHERE id = $1',
      [id],
    );
  }

  async addKey(key: ApiKeyRecord): Promise<void> {
    await this.database.query(
      `INSERT INTO security_api_keys (id, name, secret_hash, role, kind, created_by, created_at, expires_at, revoked_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        key.id,
        key.name,
        key.secretHash,
        key.role,
        key.kind,
        key.createdBy,
        timestampText(key.createdAt),
        timestampText(key.expiresAt),
        at(key.revokedAt),
      ],
    );
  }

  async keyById(id: string): Promise<ApiKeyRecord | null> {
    const [row] = await this.database.query('SELECT * FROM security_api_keys WHERE id = $1', [id]);
    return row ? keyOf(row) : null;
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return (await this.database.query('SELECT * FROM security_api_keys ORDER BY created_at, id')).map(keyOf);
  }

  /** Marks a key revoked; returns it, or null when no such key exists. A second revocation keeps the first time. */
  async revokeKey(id: string, revokedAt: number): Promise<ApiKeyRecord | null> {
    const [row] = await this.database.query(
      `UPDATE security_api_keys SET revoked_at = COALESCE(revoked_at, $2::timestamptz) WHERE id = $1 RETURNING *`,
      [id, timestampText(revokedAt)],
    );
    return row ? keyOf(row) : null;
  }

  async addRefreshToken(token: RefreshTokenRecord, into: Queryable = this.database): Promise<void> {
    await into.query(
      `INSERT INTO security_refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at, rotated_at, revoked_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [
        token.tokenHash,
        token.familyId,
        token.userId,
        timestampText(token.issuedAt),
        timestampText(token.expiresAt),
        at(token.rotatedAt),
        at(token.revokedAt),
      ],
    );
  }

  async refreshToken(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const [row] = await this.database.query('SELECT * FROM security_refresh_tokens WHERE token_hash = $1', [
      tokenHash,
    ]);
    return row ? refreshOf(row) : null;
  }

  /**
   * Rotates a refresh token: marks it used and stores its successor in one transaction. Returns false
   * when the token was already rotated or revoked (a concurrent use), so only one successor exists.
   */
  async rotateRefreshToken(tokenHash: string, successor: RefreshTokenRecord): Promise<boolean> {
    return this.database.transaction(async (transaction) => {
      const rows = await transaction.query(
        `UPDATE security_refresh_tokens SET rotated_at = $2
         WHERE token_hash = $1 AND rotated_at IS NULL AND revoked_at IS NULL RETURNING token_hash`,
        [tokenHash, timestampText(successor.issuedAt)],
      );
      if (rows.length === 0) return false;
      await this.addRefreshToken(successor, transaction);
      return true;
    });
  }

  async revokeFamily(familyId: string, revokedAt: number): Promise<void> {
    await this.database.query(
      `UPDATE security_refresh_tokens SET revoked_at = COALESCE(revoked_at, $2::timestamptz) WHERE family_id = $1`,
      [familyId, timestampText(revokedAt)],
    );
  }

  async revokeFamiliesOfUser(userId: string, revokedAt: number): Promise<void> {
    await this.database.query(
      `UPDATE security_refresh_tokens SET revoked_at = COALESCE(revoked_at, $2::timestamptz) WHERE user_id = $1`,
      [userId, timestampText(revokedAt)],
    );
  }

  async addRevocation(revocation: RevocationRecord): Promise<void> {
    await this.database.query(
      `INSERT INTO security_revocations (subject, revoked_at, expires_at) VALUES ($1,$2,$3)
       ON CONFLICT (subject) DO UPDATE SET revoked_at = GREATEST(security_revocations.revoked_at, EXCLUDED.revoked_at),
         expires_at = GREATEST(security_revocations.expires_at, EXCLUDED.expires_at)`,
      [revocation.subject, timestampText(revocation.revokedAt), timestampText(revocation.expiresAt)],
    );
  }

  /** The revocations still in force at `now` (older ones concern only expired tokens). */
  async activeRevocations(now: number): Promise<RevocationRecord[]> {
    await this.database.query('DELETE FROM security_revocations WHERE expires_at < $1', [timestampText(now)]);
    const rows = await this.database.query('SELECT * FROM security_revocations');
    return rows.map((row) => ({
      subject: String(row.subject),
      revokedAt: millisecondsOf(row.revoked_at),
      expiresAt: millisecondsOf(row.expires_at),
    }));
  }
}
