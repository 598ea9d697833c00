// Password hashing with argon2id (@node-rs/argon2); a hash records its own costs, so verify reads any cost.
import { hash, verify } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a hash that is not argon2. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

/**
 * argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum) in production; tests that
 * create many users pass lower costs so a long fuzz spends its time on requests, not on hashing.
 */
export function argon2PasswordHasher(costs: { memoryCost?: number; timeCost?: number } = {}): PasswordHasher {
  return {
    hash: (password) => hash(password, costs),
    verify: (passwordHash, password) => verify(passwordHash, password).catch(() => false),
  };
}
