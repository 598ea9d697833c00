// Credentials for tests and harnesses, in one line: an admin bootstrap key made fresh for each test
// process, the headers that present it, and the environment that hands it to child processes.
import { randomBytes } from 'node:crypto';
import { AccessTokens } from './access-tokens.js';
import { CredentialCache } from './credential-cache.js';
import { InMemoryRateLimitStore } from './rate-limit-store.js';
import { RequestAuthenticator } from './request-authenticator.js';
import type { RequestSecurity } from './request-security.js';

/** An admin key accepted by any node or service started with it as ATS_BOOTSTRAP_API_KEY. */
export const testBootstrapKey = `test-bootstrap-${randomBytes(24).toString('base64url')}`;

/** Headers that authenticate a request as an administrator (spread into `inject` or `fetch`). */
export const testAdminHeaders: Readonly<Record<string, string>> = { 'x-api-key': testBootstrapKey };

/** Environment for child processes (`ats start`, `ats service`): the bootstrap key, for the CLI too. */
export const testCredentialEnvironment: Readonly<Record<string, string>> = {
  ATS_BOOTSTRAP_API_KEY: testBootstrapKey,
  ATS_API_KEY: testBootstrapKey,
};

/** Configuration overrides that make a node accept the test key and never rate-limit a test. */
export const testSecurityOverrides = {
  secrets: { bootstrap_api_key: testBootstrapKey },
  security: { rate_limit: { per_ip_per_minute: 0, per_credential_per_minute: 0 } },
} as const;

/** Request security for an app a test builds directly: accepts the test key only, no rate limits. */
export function testRequestSecurity(): RequestSecurity {
  return {
    authenticator: new RequestAuthenticator({
      tokens: new AccessTokens(new Uint8Array(randomBytes(32)), 60_000),
      cache: new CredentialCache(),
      bootstrapKey: testBootstrapKey,
    }),
    rateLimits: new InMemoryRateLimitStore(),
    policy: { ipAllow: [], ipDeny: [], corsOrigins: [], perIpPerMinute: 0, perCredentialPerMinute: 0 },
  };
}
