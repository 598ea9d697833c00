// The master keys that wrap credential data keys: derived with HKDF-SHA256 from API_SECRET_KEY (the
// current key) and, during a rotation, API_SECRET_KEY_PREVIOUS. Each key has an id stored with every
// ciphertext, so readers pick the right key and accept old and new ones while a rotation runs.
import { createHash, hkdfSync } from 'node:crypto';
import { AtsError } from '@ats/core';

export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface MasterKeyring {
  /** The key new ciphertexts are sealed with. */
  readonly current: MasterKey;
  /** Finds a key by id: the current one or a previous one still accepted. */
  byId(id: string): MasterKey | undefined;
}

const salt = Buffer.from('ats-credentials-master-key-v1');

/** A master key from a secret; refuses a secret too short to be one. */
export function deriveMasterKey(secret: string): MasterKey {
  if (secret.length < 16)
    throw new AtsError(
      'CONFIG_INVALID',
      'API_SECRET_KEY must be at least 16 characters to derive the credentials key',
    );
  const key = Buffer.from(hkdfSync('sha256', secret, salt, 'ats credentials key-wrapping key', 32));
  // The id derives from the key (not the secret) and reveals nothing usable about either.
  const id = createHash('sha256').update('ats-key-id').update(key).digest('hex').slice(0, 16);
  return { id, key };
}

export function masterKeyring(current: string, previous: readonly string[] = []): MasterKeyring {
  const currentKey = deriveMasterKey(current);
  const keys = new Map([currentKey, ...previous.map(deriveMasterKey)].map((key) => [key.id, key]));
  return { current: currentKey, byId: (id) => keys.get(id) };
}

/** The keyring of the configuration: API_SECRET_KEY, and API_SECRET_KEY_PREVIOUS while rotating. */
export function masterKeyringOf(
  currentSecret: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): MasterKeyring {
  if (!currentSecret)
    throw new AtsError(
      'CONFIG_INVALID',
      'API_SECRET_KEY (or API_SECRET_KEY_FILE) is required to store or read encrypted credentials',
    );
  const previous = env.API_SECRET_KEY_PREVIOUS;
  return masterKeyring(currentSecret, previous ? [previous] : []);
}
