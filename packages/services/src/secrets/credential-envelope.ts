// Envelope encryption of one credential field: AES-256-GCM under a fresh data key, the data key itself
// sealed (AES-256-GCM) by a master key whose id the envelope carries. The row's owner and field are
// authenticated data, so a ciphertext moved to another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AtsError } from '@ats/core';
import type { MasterKey, MasterKeyring } from './master-keyring.js';

interface Sealed {
  readonly iv: string;
  readonly data: string;
  readonly tag: string;
}

export interface Envelope {
  readonly version: 1;
  /** The id of the master key that wrapped the data key. */
  readonly keyId: string;
  readonly wrappedKey: Sealed;
  readonly value: Sealed;
}

function seal(key: Buffer, plaintext: Buffer, additionalData: Buffer): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function open(key: Buffer, sealed: Sealed, additionalData: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(additionalData);
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
}

const aadOf = (owner: string, field: string, purpose: string) =>
  Buffer.from(JSON.stringify(['ats-credential', purpose, owner, field]));

export function sealCredential(master: MasterKey, owner: string, field: string, plaintext: string): Envelope {
  const dataKey = randomBytes(32);
  try {
    return {
      version: 1,
      keyId: master.id,
      wrappedKey: seal(master.key, dataKey, aadOf(owner, field, 'data-key')),
      value: seal(dataKey, Buffer.from(plaintext, 'utf8'), aadOf(owner, field, 'value')),
    };
  } finally {
    dataKey.fill(0);
  }
}

export function openCredential(
  keyring: MasterKeyring,
  owner: string,
  field: string,
  envelope: Envelope,
): string {
  const master = keyring.byId(envelope.keyId);
  if (!master)
    throw new AtsError(
      'CONFIG_INVALID',
      `credential ${owner}/${field} is sealed by master key ${envelope.keyId}, which this process does not hold (set API_SECRET_KEY_PREVIOUS during a rotation)`,
    );
  let dataKey: Buffer | null = null;
  try {
    dataKey = open(master.key, envelope.wrappedKey, aadOf(owner, field, 'data-key'));
    return open(dataKey, envelope.value, aadOf(owner, field, 'value')).toString('utf8');
  } catch (error) {
    throw new AtsError(
      'INVARIANT_VIOLATED',
      `credential ${owner}/${field} does not decrypt: it was altered or moved`,
      {
        cause: error,
      },
    );
  } finally {
    dataKey?.fill(0);
  }
}
