// The security hook every service registers before its routes: IP lists, cross-site refusal, JSON-only
// state changes, authentication, rate limits and the route's permission (admin when it declares none).
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashesEqual, secretHash } from './api-key-text.js';
import { anonymous, type Permission, roleMay } from './principal.js';
import type { RateLimitStore } from './rate-limit-store.js';
import type { RequestAuthenticator } from './request-authenticator.js';
import './route-security-types.js';

export interface RequestSecurityPolicy {
  /** Addresses or CIDR ranges allowed to connect; empty allows every address not denied. */
  readonly ipAllow: readonly string[];
  readonly ipDeny: readonly string[];
  /** Origins (`https://ops.example.com`) whose pages may call the API; others are refused. */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per client address and per credential; 0 turns a limit off. */
  readonly perIpPerMinute: number;
  readonly perCredentialPerMinute: number;
  /** PROMETHEUS_TOKEN: a bearer token that may read /metrics and nothing else. */
  readonly prometheusToken?: string | undefined;
}

export interface RequestSecurity {
  readonly authenticator: RequestAuthenticator;
  readonly rateLimits: RateLimitStore;
  readonly policy: RequestSecurityPolicy;
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const jsonType = /^application\/json\s*(;.*)?$/i;
const minute = 60_000;

/** A BlockList of addresses and CIDR ranges (IPv4 and IPv6); an entry that is neither throws at start. */
export function blockListOf(entries: readonly string[], key: string): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
    const bits = prefix === undefined ? null : Number(prefix);
    const maximum = type === 'ipv4' ? 32 : 128;
    if (type === null || (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= maximum)))
      throw new Error(`${key}: ${JSON.stringify(entry)} is not an IP address or CIDR range`);
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

function addressMatches(list: BlockList, address: string): boolean {
  const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (type === null) return false;
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; lists name it as a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1] as string, 'ipv4') || list.check(address, 'ipv6');
  return list.check(address, type);
}

function refuse(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  const host = request.headers.host;
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Registers the hook on an app before any route, so it guards every route registered later, in any scope. */
export function registerRequestSecurity(app: FastifyInstance, security: RequestSecurity): void {
  const { policy, authenticator, rateLimits } = security;
  const allow = policy.ipAllow.length > 0 ? blockListOf(policy.ipAllow, 'security.ip_allow') : null;
  const deny = blockListOf(policy.ipDeny, 'security.ip_deny');
  const origins = new Set(policy.corsOrigins);
  const metricsTokenHash = policy.prometheusToken ? secretHash(policy.prometheusToken) : null;

  app.decorateRequest('principal', null as never);
  // Bodies are JSON only: a text/plain body (a browser's preflight-free "simple" request) is a 415.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    request.principal = anonymous;
    const declared = request.routeOptions.config?.permission;
    if ((allow && !addressMatches(allow, request.ip)) || addressMatches(deny, request.ip))
      return refuse(reply, 403, 'FORBIDDEN', 'requests from this address are not allowed');

    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!origins.has(origin) && !sameOrigin(origin, request))
        return refuse(
          reply,
          403,
          'FORBIDDEN',
          `cross-origin requests from ${origin.slice(0, 100)} are not allowed`,
        );
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      if (request.method === 'OPTIONS') {
        return reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST, PATCH, DELETE')
          .header('access-control-allow-headers', 'authorization, content-type, x-api-key')
          .header('access-control-max-age', '600')
          .send();
      }
    }

    if (stateChanging.has(request.method)) {
      const type = request.headers['content-type'];
      const hasBody =
        request.headers['transfer-encoding'] !== undefined ||
        Number(request.headers['content-length'] ?? 0) > 0;
      if ((type !== undefined && !jsonType.test(type)) || (type === undefined && hasBody))
        return refuse(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'request bodies must be application/json');
    }

    if (
      policy.perIpPerMinute > 0 &&
      (await rateLimits.hit(`ip:${request.ip}`, minute)) > policy.perIpPerMinute
    )
      return refuse(
        reply.header('retry-after', '60'),
        429,
        'RATE_LIMITED',
        'too many requests from this address',
      );

    // Public routes (health, login, refresh) pass here: bodies JSON, requests counted per address,
    // so a password guesser is slowed by the address limit besides the user's lockout.
    if (declared === 'public') return;

    if (declared === 'metrics' && metricsTokenHash !== null) {
      const match = /^Bearer (.{1,512})$/.exec(request.headers.authorization ?? '');
      if (match && hashesEqual(secretHash(match[1] as string), metricsTokenHash)) {
        request.principal = { kind: 'service', id: 'prometheus', role: 'viewer' };
        return;
      }
    }

    const authentication = await authenticator.authenticate(request.headers);
    if (!authentication.ok)
      return refuse(
        reply.header('www-authenticate', 'Bearer, ApiKey'),
        401,
        'UNAUTHORIZED',
        `authentication required: ${authentication.reason}`,
      );
    const { principal } = authentication;
    request.principal = principal;
    if (
      policy.perCredentialPerMinute > 0 &&
      (await rateLimits.hit(`${principal.kind}:${principal.id}`, minute)) > policy.perCredentialPerMinute
    )
      return refuse(
        reply.header('retry-after', '60'),
        429,
        'RATE_LIMITED',
        'too many requests with this credential',
      );

    const needed: Permission = declared === undefined ? 'admin' : declared === 'metrics' ? 'read' : declared;
    if (!roleMay(principal.role, needed))
      return refuse(reply, 403, 'FORBIDDEN', `the ${principal.role} role may not do this (needs ${needed})`);
  });
}
