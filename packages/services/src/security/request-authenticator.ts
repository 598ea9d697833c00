// Checks a request's credentials locally: a bearer JWT, an API key, or the deployment's bootstrap key.
import type { ApiKeyAnnouncement } from '@ats/core';
import type { AccessTokens } from './access-tokens.js';
import { hashesEqual, parseApiKeyText, secretHash } from './api-key-text.js';
import type { CredentialCache } from './credential-cache.js';
import type { Principal } from './principal.js';

export type Authentication =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: string };

export interface RequestAuthenticatorOptions {
  readonly tokens: AccessTokens;
  readonly cache: CredentialCache;
  /** ATS_BOOTSTRAP_API_KEY: an admin key from the environment, for the CLI, scripts and test harnesses. */
  readonly bootstrapKey?: string | undefined;
  /** Reads a key the cache does not know yet (created a moment ago in another process). */
  readonly lookupKey?: (id: string) => Promise<ApiKeyAnnouncement | null>;
  readonly now?: () => number;
}

const refused = (reason: string): Authentication => ({ ok: false, reason });

/** A bootstrap key shorter than this is refused at start: it would be guessable. */
export const minimumBootstrapKeyLength = 32;

export class RequestAuthenticator {
  private readonly bootstrapHash: string | null;
  private readonly now: () => number;
  /** Ids looked up and not found, with when: a second request for the same id waits a while. */
  private readonly missing = new Map<string, number>();

  constructor(private readonly options: RequestAuthenticatorOptions) {
    const bootstrap = options.bootstrapKey;
    if (bootstrap !== undefined && bootstrap.length < minimumBootstrapKeyLength)
      throw new Error(`ATS_BOOTSTRAP_API_KEY must hold at least ${minimumBootstrapKeyLength} characters`);
    this.bootstrapHash = bootstrap ? secretHash(bootstrap) : null;
    this.now = options.now ?? Date.now;
  }

  /** Reads `Authorization: Bearer <jwt>`, `Authorization: ApiKey <key>` or `X-API-Key: <key>`. */
  async authenticate(
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ): Promise<Authentication> {
    const authorization = headers.authorization;
    const apiKeyHeader = headers['x-api-key'];
    if (Array.isArray(authorization) || Array.isArray(apiKeyHeader)) return refused('repeated credentials');
    if (authorization !== undefined) {
      const match = /^(Bearer|ApiKey) ([\x21-\x7e]{1,4096})$/i.exec(authorization);
      if (!match) return refused('malformed Authorization header');
      const scheme = (match[1] as string).toLowerCase();
      return scheme === 'bearer' ? this.bearer(match[2] as string) : this.apiKey(match[2] as string);
    }
    if (apiKeyHeader !== undefined) return this.apiKey(apiKeyHeader);
    return refused('no credentials');
  }

  private async bearer(token: string): Promise<Authentication> {
    const claims = await this.options.tokens.verify(token);
    if (!claims) return refused('invalid or expired token');
    if (this.options.cache.isRevoked(claims)) return refused('the session was revoked');
    return {
      ok: true,
      principal: { kind: 'user', id: claims.subject, role: claims.role, expiresAt: claims.expiresAt },
    };
  }

  private async apiKey(text: string): Promise<Authentication> {
    if (text.length > 256) return refused('invalid API key');
    if (this.bootstrapHash !== null && hashesEqual(secretHash(text), this.bootstrapHash))
      return { ok: true, principal: { kind: 'service', id: 'bootstrap', role: 'admin' } };
    const parsed = parseApiKeyText(text);
    if (!parsed) return refused('invalid API key');
    const key = await this.knownKey(parsed.id);
    if (!key || !hashesEqual(secretHash(parsed.secret), key.secretHash)) return refused('invalid API key');
    if (key.revokedAt !== null) return refused('the API key was revoked');
    if (key.expiresAt <= this.now()) return refused('the API key expired');
    return { ok: true, principal: { kind: 'api-key', id: key.id, role: key.role, expiresAt: key.expiresAt } };
  }

  private async knownKey(id: string): Promise<ApiKeyAnnouncement | undefined> {
    const cached = this.options.cache.key(id);
    if (cached || !this.options.lookupKey) return cached;
    const now = this.now();
    const missedAt = this.missing.get(id);
    if (missedAt !== undefined && now - missedAt < 1_000) return undefined;
    const found = await this.options.lookupKey(id);
    if (!found) {
      // Bounded: a flood of made-up ids must not grow the map without end.
      if (this.missing.size > 10_000) this.missing.clear();
      this.missing.set(id, now);
      return undefined;
    }
    this.missing.delete(id);
    this.options.cache.putKey(found);
    return found;
  }
}
