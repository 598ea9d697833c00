// Who made a request (the principal), the four roles, and which permission each role holds.

export const roles = ['viewer', 'trader', 'risk', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who acted: a logged-in user, an API key, a service (bootstrap key, metrics token) or nobody yet. */
export interface Principal {
  readonly kind: 'user' | 'api-key' | 'service' | 'anonymous';
  readonly id: string;
  readonly role: Role;
  /** When the credential stops being accepted (epoch ms): a token's expiry, an API key's; absent: never. */
  readonly expiresAt?: number;
}

/**
 * What a route may require. `read`: every role. `trade`: place, modify and cancel orders. `backtest`:
 * start backtests. `risk`: halt and resume trading, resolve halts, reconcile. `admin`: users, keys,
 * scheduler jobs and backups. A route that declares none needs `admin` (deny by default).
 */
export const permissions = ['read', 'trade', 'backtest', 'risk', 'admin'] as const;
export type Permission = (typeof permissions)[number];

/**
 * What a route declares in its config: a permission, `public` (health only), or `metrics` (read, or
 * the PROMETHEUS_TOKEN bearer token when one is set).
 */
export type RoutePermission = Permission | 'public' | 'metrics';

const permissionsOfRole: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(['read']),
  trader: new Set(['read', 'trade', 'backtest']),
  risk: new Set(['read', 'risk', 'backtest']),
  admin: new Set(permissions),
};

export function roleMay(role: Role, permission: Permission): boolean {
  return permissionsOfRole[role].has(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export const anonymous: Principal = { kind: 'anonymous', id: 'anonymous', role: 'viewer' };
