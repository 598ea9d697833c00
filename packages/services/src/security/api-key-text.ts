// The text of an API key: `ats_<id>_<secret>`; the id finds the key, the secret's SHA-256 is all that is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ApiKeyText {
  readonly id: string;
  readonly secret: string;
  readonly text: string;
}

const keyPattern = /^ats_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new key: 64 bits of id, 256 bits of secret (base64url). */
export function createApiKeyText(): ApiKeyText {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, text: `ats_${id}_${secret}` };
}

export function parseApiKeyText(text: string): { id: string; secret: string } | null {
  const match = keyPattern.exec(text);
  return match ? { id: match[1] as string, secret: match[2] as string } : null;
}

/**
 * SHA-256 of a secret, hex. A key's secret holds 256 random bits, so a fast hash is as strong as a slow
 * one against guessing, and every request can be checked without argon2's cost (passwords use argon2).
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two hex hashes in constant time. */
export function hashesEqual(left: string, right: string): boolean {
  const a = Buffer.from(left, 'hex');
  const b = Buffer.from(right, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
