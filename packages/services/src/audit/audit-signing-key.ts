// The Ed25519 key that signs audit checkpoints: from ATS_AUDIT_SIGNING_KEY(_FILE), else generated once
// into the data folder with mode 0600. Verification trusts this key only, never a key stored beside the log.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, linkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { AtsError } from '@ats/core';
import { readPrivateFile, writePrivateFile } from '../secrets/private-file.js';

export interface AuditSigningKey {
  /** The first 16 bytes of the SHA-256 of the public key (DER), in hex: stored with each checkpoint. */
  readonly keyId: string;
  sign(message: string): string;
  verify(message: string, signature: string): boolean;
}

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32);
}

export function signingKeyOf(privateKey: KeyObject): AuditSigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new AtsError(
      'CONFIG_INVALID',
      'the audit signing key must be an Ed25519 private key (PEM, PKCS#8)',
    );
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    sign: (message) => sign(null, Buffer.from(message), privateKey).toString('base64'),
    verify: (message, signature) => {
      try {
        return verify(null, Buffer.from(message), publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

function parsePem(pem: string, origin: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new AtsError('CONFIG_INVALID', `${origin}: not a PEM private key`, { cause: error });
  }
}

/**
 * The deployment's audit key. Every process of a deployment must load the same key: set it through the
 * environment in multi-process mode, or let the processes share the data folder.
 */
export function loadAuditSigningKey(options: {
  readonly dataFolder: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}): AuditSigningKey {
  const env = options.env ?? process.env;
  if (env.ATS_AUDIT_SIGNING_KEY)
    return signingKeyOf(parsePem(env.ATS_AUDIT_SIGNING_KEY, 'ATS_AUDIT_SIGNING_KEY'));
  if (env.ATS_AUDIT_SIGNING_KEY_FILE) {
    const path = env.ATS_AUDIT_SIGNING_KEY_FILE;
    return signingKeyOf(parsePem(readPrivateFile(path, 'ATS_AUDIT_SIGNING_KEY_FILE'), path));
  }
  const path = join(options.dataFolder, 'audit-signing-key.pem');
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    // Written whole under a name of its own, then linked into place: a process of the deployment
    // starting at the same time sees no file or a complete one, and the first link wins.
    const temporary = `${path}.${process.pid}.tmp`;
    writePrivateFile(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    try {
      linkSync(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  return signingKeyOf(parsePem(readPrivateFile(path, 'the audit signing key'), path));
}
