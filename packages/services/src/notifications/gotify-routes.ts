// Gotify's documented REST API served by ATS: messages (create with an application token; list and
// delete with a client token), applications, clients, the WebSocket stream, and Alertmanager's webhook.
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import {
  type AlertmanagerPayload,
  alertmanagerPayloadSchema,
  notificationsOfAlertmanager,
} from './alertmanager-webhook.js';
import { type GotifyAuthentication, gotifyError } from './gotify-authentication.js';
import type { NotificationDispatcher } from './notification-dispatcher.js';
import { gotifyMessageOf, type StoredNotification, severityOfPriority } from './notification-record.js';
import type { NotificationStore, NotificationToken } from './notification-store.js';

/** Gotify authenticates with its own tokens, so the platform's hook lets these routes through to it. */
const gotifyRoute = { permission: 'public' } as const;

const messageBody = {
  type: 'object',
  required: ['message'],
  properties: {
    title: { type: 'string', maxLength: 500 },
    message: { type: 'string', minLength: 1, maxLength: 65_536 },
    priority: { type: 'integer', minimum: 0, maximum: 10 },
    extras: { type: 'object' },
  },
} as const;

const pagingQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 100 },
    since: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 },
    token: { type: 'string', maxLength: 512 },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 0, maximum: 2_147_483_647 } },
} as const;

const tokenBody = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    defaultPriority: { type: 'integer', minimum: 0, maximum: 10 },
  },
} as const;

export interface GotifyRoutesOptions {
  readonly store: NotificationStore;
  readonly dispatcher: NotificationDispatcher;
  readonly authentication: GotifyAuthentication;
  /** Registers a listener of stored notifications; returns its removal. */
  readonly onStored: (listener: (notification: StoredNotification) => void) => () => void;
}

/** Gotify's Application model; the token is only known at creation (the store keeps its hash). */
const applicationOf = (token: NotificationToken, plain = '') => ({
  id: token.id,
  token: plain,
  name: token.name,
  description: token.description,
  internal: false,
  image: '',
  defaultPriority: token.defaultPriority,
});
const clientOf = (token: NotificationToken, plain = '') => ({ id: token.id, token: plain, name: token.name });

function pagedMessages(messages: readonly StoredNotification[], limit: number, path: string) {
  const last = messages.at(-1);
  const since = last?.id ?? 0;
  return {
    messages: messages.map(gotifyMessageOf),
    paging: {
      size: messages.length,
      since,
      limit,
      ...(messages.length === limit && since > 0 ? { next: `${path}?limit=${limit}&since=${since}` } : {}),
    },
  };
}

export async function registerGotifyRoutes(
  app: FastifyInstance,
  options: GotifyRoutesOptions,
): Promise<void> {
  const { store, dispatcher, authentication: auth } = options;
  // Tokens are checked before the body is validated: a stranger learns nothing about the schema.
  const owners = new WeakMap<FastifyRequest, NotificationToken>();
  const guard = (kind: 'application' | 'client') => ({
    config: gotifyRoute,
    preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
      const owner = await auth.require(request, reply, kind);
      if (owner) owners.set(request, owner);
      else return reply;
    },
  });
  const ownerOf = (request: FastifyRequest): NotificationToken => {
    const owner = owners.get(request);
    if (!owner) throw new Error('a Gotify route ran without its token check');
    return owner;
  };
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Gotify clients send `Content-Type: application/json` on bodiless requests (DELETE): an empty body is none.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      (error as Error & { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });

  app.post<{
    Body: { title?: string; message: string; priority?: number; extras?: Record<string, unknown> };
  }>('/message', { ...guard('application'), schema: { body: messageBody } }, async (request, reply) => {
    const application = await auth.require(request, reply, 'application');
    if (!application) return reply;
    const body = request.body;
    const priority = body.priority ?? application.defaultPriority;
    const stored = await dispatcher.submit({
      applicationId: application.id,
      source: 'gotify',
      kind: application.name,
      title: body.title ?? '',
      message: body.message,
      priority,
      severity: severityOfPriority(priority),
      alertKey: null,
      state: null,
      extras: body.extras ?? null,
    });
    return gotifyMessageOf(stored);
  });

  app.get<{ Querystring: { limit: number; since: number } }>(
    '/message',
    { ...guard('client'), schema: { querystring: pagingQuery } },
    async (request, _reply) => {
      const { limit, since } = request.query;
      return pagedMessages(await store.messages({ limit, since }), limit, '/message');
    },
  );

  app.delete('/message', { ...guard('client') }, async (request, reply) => {
    if (!(await auth.require(request, reply, 'client'))) return reply;
    await store.deleteMessages();
    return {};
  });

  app.delete<{ Params: { id: number } }>(
    '/message/:id',
    { ...guard('client'), schema: { params: idParams } },
    async (request, reply) => {
      if (!(await store.deleteMessage(request.params.id)))
        return reply.code(404).send(gotifyError(404, 'message does not exist'));
      return {};
    },
  );

  app.get('/application', { ...guard('client') }, async (request, reply) => {
    if (!(await auth.require(request, reply, 'client'))) return reply;
    return (await store.tokens('application')).map((token) => applicationOf(token));
  });

  app.post<{ Body: { name: string; description?: string; defaultPriority?: number } }>(
    '/application',
    { ...guard('client'), schema: { body: tokenBody } },
    async (request, _reply) => {
      const { name, description, defaultPriority } = request.body;
      const created = await store.createToken('application', name, description ?? '', defaultPriority ?? 0);
      return applicationOf(created, created.token);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/application/:id',
    { ...guard('client'), schema: { params: idParams } },
    async (request, reply) => {
      if (!(await store.deleteToken('application', request.params.id)))
        return reply.code(404).send(gotifyError(404, 'app does not exist'));
      return {};
    },
  );

  app.get<{ Params: { id: number }; Querystring: { limit: number; since: number } }>(
    '/application/:id/message',
    { ...guard('client'), schema: { params: idParams, querystring: pagingQuery } },
    async (request, _reply) => {
      const { limit, since } = request.query;
      const messages = await store.messages({ applicationId: request.params.id, limit, since });
      return pagedMessages(messages, limit, `/application/${request.params.id}/message`);
    },
  );

  app.get('/client', { ...guard('client') }, async (request, reply) => {
    if (!(await auth.require(request, reply, 'client'))) return reply;
    return (await store.tokens('client')).map((token) => clientOf(token));
  });

  app.post<{ Body: { name: string } }>(
    '/client',
    { ...guard('client'), schema: { body: tokenBody } },
    async (request, _reply) => {
      const created = await store.createToken('client', request.body.name);
      return clientOf(created, created.token);
    },
  );

  // Alertmanager's webhook receiver, authenticated as an application (http_config.authorization).
  app.post<{ Body: AlertmanagerPayload }>(
    '/alertmanager',
    { ...guard('application'), schema: { body: alertmanagerPayloadSchema } },
    async (request, _reply) => {
      const application = ownerOf(request);
      const stored = [];
      for (const notification of notificationsOfAlertmanager(request.body, application.id))
        stored.push((await dispatcher.submit(notification)).id);
      return { received: stored.length, notifications: stored };
    },
  );

  // New messages as they are stored, one JSON message per frame (Gotify's /stream).
  app.get('/stream', { ...guard('client'), websocket: true }, (socket: WebSocket) => {
    const remove = options.onStored((notification) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(gotifyMessageOf(notification)));
    });
    socket.on('close', remove);
    socket.on('error', remove);
  });
}
