// The Security service's wiring, used alike in one process and in its own: users, sessions, API keys
// over the shared store, and the first admin of a new deployment.

import { ensureFirstAdmin, firstAdminLines } from '../security/first-admin.js';
import { argon2PasswordHasher, type PasswordHasher } from '../security/password-hasher.js';
import { SecurityAdministration } from '../security/security-administration.js';
import { SecurityEventPublisher } from '../security/security-event-publisher.js';
import { SecurityModule } from '../security/security-module.js';
import type { ServiceSecurity } from '../security/service-security.js';
import { SessionService } from '../security/session-service.js';
import { durationMilliseconds } from '../wiring/config-mapping.js';
import type { ServiceContext, ServiceInstance } from './service-context.js';

export interface SecurityServiceOptions {
  /** Where the first start's login lines go (the console: never the log, they may hold a password). */
  readonly print: (line: string) => void;
  /** argon2id at the library's default costs unless a test passes cheaper ones. */
  readonly passwords?: PasswordHasher;
}

export function buildSecurityService(
  context: ServiceContext,
  serviceSecurity: ServiceSecurity,
  options: SecurityServiceOptions,
): ServiceInstance {
  const { config, bus, ids, metrics } = context;
  const { store, tokens, revocations, cache } = serviceSecurity;
  const events = new SecurityEventPublisher(bus, ids);
  const passwords = options.passwords ?? argon2PasswordHasher();
  const sessions = new SessionService(
    store,
    tokens,
    revocations,
    cache,
    events,
    {
      refreshTtlMilliseconds: durationMilliseconds(config.security.refresh_token_ttl),
      maxFailedLogins: config.security.max_failed_logins,
      lockoutMilliseconds: durationMilliseconds(config.security.lockout),
    },
    passwords,
  );
  const administration = new SecurityAdministration(store, sessions, cache, events, passwords);
  return {
    module: new SecurityModule({
      sessions,
      administration,
      tokens,
      metrics,
      defaultKeyTtlDays: config.security.api_key_ttl_days,
    }),
    async start() {
      const admin = await ensureFirstAdmin(store, administration, config.secrets.admin_password);
      if (admin) for (const line of firstAdminLines(admin)) options.print(line);
    },
    async stop() {},
  };
}
