// Fastify's types, extended: a route's config names its permission, and a request carries its principal.
import type { Principal, RoutePermission } from './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route requires; absent means `admin` (deny by default). */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    /** Who made the request, set by the security hook before any handler runs. */
    principal: Principal;
  }
}
