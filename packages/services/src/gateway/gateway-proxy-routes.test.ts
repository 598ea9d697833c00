// The gateway's proxy names a service that does not answer (502 with the command that starts it), and
// forwards to one that does with the path after /api/<service>.
import { createServer, type Server } from 'node:http';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerGatewayProxyRoutes } from './gateway-proxy-routes.js';

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

async function listening(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('the gateway proxy routes', () => {
  it('forwards /api/<service>/<path> as /<path>, and names a service that does not answer with 502', async () => {
    const running = await listening((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ path: request.url }));
    });
    // A port that was free a moment ago: nothing listens there.
    const closed = await listening(() => {});
    servers.pop()?.close();
    const app = Fastify();
    await registerGatewayProxyRoutes(app, [
      { name: 'trade-executor', url: running },
      { name: 'monitoring', url: closed },
    ]);
    const forwarded = await app.inject({ method: 'GET', url: '/api/trade-executor/portfolio?x=1' });
    expect(forwarded.statusCode).toBe(200);
    expect(forwarded.json()).toEqual({ path: '/portfolio?x=1' });
    const missing = await app.inject({ method: 'GET', url: '/api/monitoring/logs' });
    expect(missing.statusCode).toBe(502);
    expect(missing.json()).toEqual({
      error: 'BAD_GATEWAY',
      message: `the monitoring service at ${closed} does not answer: is it running? (ats service monitoring)`,
    });
    await app.close();
  });
});
