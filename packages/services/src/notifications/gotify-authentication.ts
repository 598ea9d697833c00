// Gotify's authentication: an application or client token in the X-Gotify-Key header, the `token`
// query parameter or an `Authorization: Bearer` header. Applications send; clients read and manage.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type NotificationStore,
  type NotificationToken,
  type TokenKind,
  tokenHash,
} from './notification-store.js';

export interface GotifyAuthenticationOptions {
  readonly store: NotificationStore;
  /** GOTIFY_TOKEN: a client token from the environment, to create the first applications and clients. */
  readonly bootstrapClientToken?: string;
}

/** The token a request carries, wherever Gotify's clients put it. */
export function gotifyTokenOf(request: FastifyRequest): string | null {
  const header = request.headers['x-gotify-key'];
  if (typeof header === 'string' && header !== '') return header;
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (typeof query === 'string' && query !== '') return query;
  const bearer = /^Bearer (.{1,512})$/.exec(request.headers.authorization ?? '');
  return bearer ? (bearer[1] as string) : null;
}

const reasons: Readonly<Record<number, string>> = { 401: 'Unauthorized', 404: 'Not Found' };

/** Gotify's error model ({ error, errorCode, errorDescription }) plus the platform's `message`. */
export function gotifyError(status: number, description: string) {
  return {
    error: reasons[status] ?? 'Error',
    errorCode: status,
    errorDescription: description,
    message: description,
  };
}

const bootstrapClient: NotificationToken = {
  id: 0,
  kind: 'client',
  name: 'GOTIFY_TOKEN',
  description: 'the client token from the environment',
  defaultPriority: 0,
};

export class GotifyAuthentication {
  private readonly bootstrapHash: Buffer | null;

  constructor(private readonly options: GotifyAuthenticationOptions) {
    this.bootstrapHash = options.bootstrapClientToken
      ? Buffer.from(tokenHash(options.bootstrapClientToken), 'hex')
      : null;
  }

  /** The token's owner when it is of the kind the route needs; otherwise a 401 is sent and null returned. */
  async require(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: TokenKind,
  ): Promise<NotificationToken | null> {
    const token = gotifyTokenOf(request);
    const owner = token === null ? null : await this.resolve(token);
    if (owner && owner.kind === kind) return owner;
    await reply
      .code(401)
      .send(
        gotifyError(
          401,
          token === null
            ? `you need to provide a valid ${kind} token (X-Gotify-Key header or token parameter)`
            : `the token is not a valid ${kind} token`,
        ),
      );
    return null;
  }

  private async resolve(token: string): Promise<NotificationToken | null> {
    if (this.bootstrapHash && timingSafeEqual(Buffer.from(tokenHash(token), 'hex'), this.bootstrapHash))
      return bootstrapClient;
    return this.options.store.tokenOf(token);
  }
}
