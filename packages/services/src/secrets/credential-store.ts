// Broker and provider credentials in the encrypted_credentials table, one sealed field per row, and the
// master-key rotation that re-seals every row in place while readers keep reading.
import { AtsError } from '@ats/core';
import type { Database } from '@ats/persistence';
import { type Envelope, openCredential, sealCredential } from './credential-envelope.js';
import type { MasterKeyring } from './master-keyring.js';

const namePattern = /^[a-z0-9][a-z0-9._-]{0,99}$/;

function requireName(kind: string, name: string): void {
  if (!namePattern.test(name))
    throw new AtsError('INVALID_INPUT', `${kind}: '${name}' must be 1-100 of a-z, 0-9, '.', '_' and '-'`);
}

export interface RotationOutcome {
  readonly reSealed: number;
  readonly alreadyCurrent: number;
}

export class CredentialStore {
  constructor(
    private readonly database: Database,
    private readonly keyring: MasterKeyring,
  ) {}

  /** Seals a field with the current master key and stores it, replacing an older value. */
  async put(owner: string, field: string, value: string): Promise<void> {
    requireName('owner', owner);
    requireName('field', field);
    if (value.length === 0 || value.length > 10_000)
      throw new AtsError(
        'INVALID_INPUT',
        `credential ${owner}/${field}: the value must be 1-10000 characters`,
      );
    const envelope = sealCredential(this.keyring.current, owner, field, value);
    await this.database.query(
      `INSERT INTO encrypted_credentials (owner, field, key_id, envelope, updated_at) VALUES ($1, $2, $3, $4, NOW())
       ON CONFLICT (owner, field) DO UPDATE SET key_id = EXCLUDED.key_id, envelope = EXCLUDED.envelope, updated_at = NOW()`,
      [owner, field, envelope.keyId, JSON.stringify(envelope)],
    );
  }

  /** The plaintext of a field, or undefined when none is stored. */
  async get(owner: string, field: string): Promise<string | undefined> {
    const [row] = await this.database.query<{ envelope: string }>(
      'SELECT envelope FROM encrypted_credentials WHERE owner = $1 AND field = $2',
      [owner, field],
    );
    return row ? openCredential(this.keyring, owner, field, JSON.parse(row.envelope) as Envelope) : undefined;
  }

  /** What is stored (names and key ids, never values). */
  async list(): Promise<{ owner: string; field: string; keyId: string; updatedAt: string }[]> {
    const rows = await this.database.query<{
      owner: string;
      field: string;
      key_id: string;
      updated_at: Date | string;
    }>('SELECT owner, field, key_id, updated_at FROM encrypted_credentials ORDER BY owner, field');
    return rows.map((row) => ({
      owner: row.owner,
      field: row.field,
      keyId: row.key_id,
      updatedAt: new Date(row.updated_at).toISOString(),
    }));
  }

  /**
   * Re-seals every row not sealed by the current master key: a fresh data key, wrapped by the current
   * key. Each row is swapped in its own statement, only if it still holds the envelope read (a
   * concurrent `put` wins and is already current), so readers never see a half-written row and
   * never wait.
   */
  async rotate(): Promise<RotationOutcome> {
    const currentId = this.keyring.current.id;
    const rows = await this.database.query<{ owner: string; field: string; envelope: string }>(
      'SELECT owner, field, envelope FROM encrypted_credentials WHERE key_id <> $1 ORDER BY owner, field',
      [currentId],
    );
    let reSealed = 0;
    for (const row of rows) {
      const plaintext = openCredential(
        this.keyring,
        row.owner,
        row.field,
        JSON.parse(row.envelope) as Envelope,
      );
      const envelope = sealCredential(this.keyring.current, row.owner, row.field, plaintext);
      const updated = await this.database.query(
        `UPDATE encrypted_credentials SET key_id = $1, envelope = $2, updated_at = NOW()
          WHERE owner = $3 AND field = $4 AND envelope = $5 RETURNING owner`,
        [currentId, JSON.stringify(envelope), row.owner, row.field, row.envelope],
      );
      reSealed += updated.length;
    }
    const [left] = await this.database.query<{ count: string }>(
      'SELECT COUNT(*) AS count FROM encrypted_credentials WHERE key_id <> $1',
      [currentId],
    );
    if (Number(left?.count ?? 0) > 0)
      throw new AtsError(
        'CONFLICT',
        `${left?.count} credential(s) were written with an older key during the rotation; run it again`,
      );
    const [total] = await this.database.query<{ count: string }>(
      'SELECT COUNT(*) AS count FROM encrypted_credentials',
    );
    return { reSealed, alreadyCurrent: Number(total?.count ?? 0) - reSealed };
  }
}
