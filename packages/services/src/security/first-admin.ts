// The first start of a deployment: with no user yet, an admin is created with ATS_ADMIN_PASSWORD or a generated password shown once.
import { randomBytes } from 'node:crypto';
import type { SqlSecurityStore } from '@ats/persistence';
import type { SecurityAdministration } from './security-administration.js';

export interface FirstAdmin {
  readonly username: string;
  /** The generated password, to show once; null when it came from ATS_ADMIN_PASSWORD. */
  readonly generatedPassword: string | null;
}

export const firstAdminName = 'admin';

/** Creates the admin when the deployment has no user; returns what was created, or null. */
export async function ensureFirstAdmin(
  store: SqlSecurityStore,
  administration: SecurityAdministration,
  configuredPassword: string | undefined,
): Promise<FirstAdmin | null> {
  if ((await store.countUsers()) > 0) return null;
  const generated = configuredPassword === undefined ? randomBytes(18).toString('base64url') : null;
  await administration.addUser(firstAdminName, configuredPassword ?? (generated as string), 'admin', {
    id: 'service:first-start',
    sourceIp: null,
  });
  return { username: firstAdminName, generatedPassword: generated };
}

/** The lines shown at first start: how to log in (the password only when it was generated). */
export function firstAdminLines(admin: FirstAdmin): string[] {
  return admin.generatedPassword === null
    ? [`[ats] created user ${admin.username} with the password from ATS_ADMIN_PASSWORD`]
    : [
        `[ats] first start: created user ${admin.username}, password ${admin.generatedPassword}`,
        '[ats]   shown once: log in with `ats login admin` (or set ATS_ADMIN_PASSWORD before the first start)',
      ];
}
