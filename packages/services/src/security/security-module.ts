// The Security service's routes: login, refresh and logout; who am I; users, API keys and token revocation for administrators.
import { AtsError } from '@ats/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import type { AccessTokens } from './access-tokens.js';
import { type Role, roles } from './principal.js';
import type { Actor, SecurityAdministration } from './security-administration.js';
import type { SessionService } from './session-service.js';
import './route-security-types.js';

export interface SecurityModuleOptions {
  readonly sessions: SessionService;
  readonly administration: SecurityAdministration;
  readonly tokens: AccessTokens;
  readonly metrics: PrometheusMetrics;
  /** When a key is created without `expiresInDays`. */
  readonly defaultKeyTtlDays: number;
}

const usernameSchema = { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,64}$' } as const;
const roleSchema = { type: 'string', enum: [...roles] } as const;
const keyIdSchema = { type: 'string', pattern: '^[0-9a-f]{16}$' } as const;

function actorOf(request: FastifyRequest): Actor {
  return { id: `${request.principal.kind}:${request.principal.id}`, sourceIp: request.ip };
}

function bearerOf(request: FastifyRequest): string | null {
  const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '');
  return match ? (match[1] as string) : null;
}

export class SecurityModule implements ServiceModule {
  readonly name = 'security' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: SecurityModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    return { status: 'up' };
  }

  routes(app: FastifyInstance): void {
    const { sessions, administration, tokens } = this.options;

    app.post<{ Body: { username: string; password: string } }>(
      '/login',
      {
        config: { permission: 'public' },
        schema: {
          body: {
            type: 'object',
            required: ['username', 'password'],
            additionalProperties: false,
            properties: {
              username: usernameSchema,
              password: { type: 'string', minLength: 1, maxLength: 1024 },
            },
          },
        },
      },
      async (request) => sessions.login(request.body.username, request.body.password, request.ip),
    );
    app.post<{ Body: { refreshToken: string } }>(
      '/refresh',
      {
        config: { permission: 'public' },
        schema: {
          body: {
            type: 'object',
            required: ['refreshToken'],
            additionalProperties: false,
            properties: { refreshToken: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } },
          },
        },
      },
      async (request) => sessions.refresh(request.body.refreshToken, request.ip),
    );
    app.post('/logout', { config: { permission: 'read' } }, async (request, reply) => {
      const token = bearerOf(request);
      const claims = token === null ? null : await tokens.verify(token);
      if (request.principal.kind !== 'user' || claims === null)
        throw new AtsError(
          'CONFLICT',
          'logout ends a user session (a bearer token); API keys are revoked with DELETE /keys/:id',
        );
      await sessions.logout(claims, request.ip);
      return reply.code(204).send();
    });
    app.get('/me', { config: { permission: 'read' } }, async (request) => request.principal);

    app.get('/users', { config: { permission: 'admin' } }, async () => administration.listUsers());
    app.post<{ Body: { username: string; password: string; role: Role } }>(
      '/users',
      {
        config: { permission: 'admin' },
        schema: {
          body: {
            type: 'object',
            required: ['username', 'password', 'role'],
            additionalProperties: false,
            properties: {
              username: usernameSchema,
              password: { type: 'string', minLength: 12, maxLength: 1024 },
              role: roleSchema,
            },
          },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await administration.addUser(
              request.body.username,
              request.body.password,
              request.body.role,
              actorOf(request),
            ),
          ),
    );
    app.patch<{ Params: { username: string }; Body: { role?: Role; disabled?: boolean } }>(
      '/users/:username',
      {
        config: { permission: 'admin' },
        schema: {
          params: { type: 'object', required: ['username'], properties: { username: usernameSchema } },
          body: {
            type: 'object',
            minProperties: 1,
            additionalProperties: false,
            properties: { role: roleSchema, disabled: { type: 'boolean' } },
          },
        },
      },
      async (request) => administration.changeUser(request.params.username, request.body, actorOf(request)),
    );

    app.get('/keys', { config: { permission: 'admin' } }, async () => administration.listKeys());
    app.post<{ Body: { name: string; role: Role; kind?: 'service' | 'script'; expiresInDays?: number } }>(
      '/keys',
      {
        config: { permission: 'admin' },
        schema: {
          body: {
            type: 'object',
            required: ['name', 'role'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', pattern: '^[A-Za-z0-9 ._-]{1,100}$' },
              role: roleSchema,
              kind: { type: 'string', enum: ['service', 'script'] },
              expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
            },
          },
        },
      },
      async (request, reply) => {
        const days = request.body.expiresInDays ?? this.options.defaultKeyTtlDays;
        const created = await administration.createKey(
          {
            name: request.body.name,
            role: request.body.role,
            kind: request.body.kind ?? 'script',
            ttlMilliseconds: days * 86_400_000,
          },
          actorOf(request),
        );
        return reply.code(201).send(created);
      },
    );
    app.delete<{ Params: { id: string } }>(
      '/keys/:id',
      {
        config: { permission: 'admin' },
        schema: { params: { type: 'object', required: ['id'], properties: { id: keyIdSchema } } },
      },
      async (request) => administration.revokeKey(request.params.id, actorOf(request)),
    );
    app.post<{ Body: { token: string } }>(
      '/tokens/revoke',
      {
        config: { permission: 'admin' },
        schema: {
          body: {
            type: 'object',
            required: ['token'],
            additionalProperties: false,
            properties: { token: { type: 'string', minLength: 1, maxLength: 4096 } },
          },
        },
      },
      async (request, reply) => {
        const claims = await tokens.verify(request.body.token);
        if (claims === null)
          throw new AtsError(
            'INVALID_INPUT',
            'token: not a valid access token of this deployment (or already expired)',
            {
              details: { field: 'body.token' },
            },
          );
        await sessions.revokeToken(claims, actorOf(request).id, request.ip);
        return reply.code(204).send();
      },
    );
  }
}
