// The nginx gateway of deploy/nginx, run by Debian's nginx on loopback: TLS 1.3 negotiated and 1.2
// refused, HTTP/2, /api/<service> routed to its backend, WebSocket upgrade, size and rate limits,
// security headers, a load-balanced service routed around an instance that went down, and the
// dashboard's page and live stream (Server-Sent Events passed through unbuffered) from the ATS gateway.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect as http2Connect } from 'node:http2';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { freePort } from '@ats/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const deploy = fileURLToPath(new URL('../deploy/nginx/', import.meta.url));

function findNginx(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (spawnSync(candidate, ['-v']).status === 0) return candidate;
  }
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

const nginx = findNginx();
if (!nginx && process.env.CI === 'true')
  throw new Error(
    'CI=true but nginx is not installed (apt-get install -y nginx): the gateway test cannot run',
  );

/** A backend that says which instance answered, and echoes WebSocket text frames (RFC 6455, written here). */
function backend(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ backend: name, path: request.url, bodyBytes: size }));
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    const key = request.headers['sec-websocket-key'] as string;
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.on('data', (frame: Buffer) => {
      // One small masked text frame from the client: unmask it and send it back unmasked, prefixed.
      const length = (frame[1] as number) & 0x7f;
      const mask = frame.subarray(2, 6);
      const payload = Buffer.from(
        frame.subarray(6, 6 + length).map((byte, index) => byte ^ (mask[index % 4] as number)),
      );
      const reply = Buffer.from(`${name}:${payload.toString()}`);
      socket.write(Buffer.concat([Buffer.from([0x81, reply.length]), reply]));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    ),
  );
}

/**
 * The ATS gateway's part: the page at /, and a live stream that sends its first event, then one more
 * event each time `next` is called, without ending (a buffering proxy holds such small writes back).
 */
function dashboardBackend(): Promise<{
  server: Server;
  port: number;
  next: () => void;
  release: () => void;
}> {
  const streams: ServerResponse[] = [];
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/api/live/events')) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write('event: ready\ndata: {"first":true}\n\n');
      streams.push(response);
      return;
    }
    response.setHeader('content-type', 'text/html');
    response.end(`<!doctype html><div id="app"></div><!-- ${request.url} -->`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        port: (server.address() as { port: number }).port,
        next: () => {
          for (const stream of streams) stream.write(`event: later\ndata: {"at":${Date.now()}}\n\n`);
        },
        release: () => {
          for (const stream of streams.splice(0)) stream.end();
        },
      }),
    ),
  );
}

describe.skipIf(!nginx)('the nginx gateway (deploy/nginx) on loopback', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'ats-nginx-'));
  const backends: Record<string, { server: Server; port: number }> = {};
  let dashboard: { server: Server; port: number; next: () => void; release: () => void };
  let child: ChildProcess | null = null;
  let port = 0;
  let plainPort = 0;
  let ca = '';

  beforeAll(async () => {
    // nginx's workers may run as another user when the test runs as root: they must reach the prefix.
    chmodSync(prefix, 0o755);
    execFileSync(join(deploy, 'make-self-signed-cert.sh'), [join(prefix, 'certs'), 'localhost']);
    ca = readFileSync(join(prefix, 'certs', 'gateway.crt'), 'utf8');
    for (const name of ['data-collector', 'audit', 'executor-a', 'executor-b'])
      backends[name] = await backend(name);
    dashboard = await dashboardBackend();
    port = await freePort();
    plainPort = await freePort();
    const at = (name: string) => `127.0.0.1:${backends[name]?.port}`;
    execFileSync(process.execPath, [
      join(deploy, 'render-config.mjs'),
      '--prefix',
      prefix,
      '--listen',
      `127.0.0.1:${port}`,
      '--http-listen',
      `127.0.0.1:${plainPort}`,
      '--cert',
      join(prefix, 'certs', 'gateway.crt'),
      '--key',
      join(prefix, 'certs', 'gateway.key'),
      '--upstream',
      `data-collector=${at('data-collector')}`,
      '--upstream',
      `audit=${at('audit')}`,
      '--upstream',
      `trade-executor=${at('executor-a')},${at('executor-b')}`,
      '--rate',
      '20',
      '--burst',
      '40',
      '--max-body',
      '64k',
      '--dashboard',
      `127.0.0.1:${dashboard.port}`,
      '--out',
      join(prefix, 'nginx.conf'),
    ]);
    child = spawn(
      nginx as string,
      ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log'), '-g', 'daemon off;'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors += String(chunk);
    });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
          socket.end();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (up) break;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`nginx did not start: ${errors} ${readFileSafe(join(prefix, 'error.log'))}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
    }
    for (const { server } of Object.values(backends)) server.close();
    dashboard.release();
    dashboard.server.close();
    rmSync(prefix, { recursive: true, force: true });
  });

  function handshake(version: 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect(
        { host: '127.0.0.1', port, ca, servername: 'localhost', minVersion: version, maxVersion: version },
        () => {
          const protocol = socket.getProtocol() ?? 'none';
          socket.end();
          resolve(protocol);
        },
      );
      socket.on('error', reject);
    });
  }

  /** One HTTP/2 request through the gateway. */
  function request(
    path: string,
    options: { method?: string; body?: Buffer } = {},
  ): Promise<{ status: number; headers: Record<string, unknown>; body: string; alpn: string | undefined }> {
    return new Promise((resolve, reject) => {
      const session = http2Connect(`https://localhost:${port}`, { ca, host: '127.0.0.1' } as never);
      session.on('error', reject);
      const stream = session.request({ ':path': path, ':method': options.method ?? 'GET' });
      let body = '';
      let headers: Record<string, unknown> = {};
      stream.on('response', (received) => {
        headers = received as Record<string, unknown>;
      });
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        body += chunk;
      });
      stream.on('end', () => {
        const alpn = session.alpnProtocol;
        session.close();
        resolve({ status: Number(headers[':status']), headers, body, alpn });
      });
      stream.on('error', reject);
      stream.end(options.body);
    });
  }

  it('negotiates TLS 1.3 and refuses a TLS 1.2 handshake', async () => {
    expect(await handshake('TLSv1.3')).toBe('TLSv1.3');
    await expect(handshake('TLSv1.2')).rejects.toThrow(/protocol version|alert|handshake|wrong version/i);
  });

  it('routes /api/<service>/ over HTTP/2 to that service with the prefix removed, with security headers', async () => {
    const answer = await request('/api/data-collector/quotes?symbol=AAPL');
    expect(answer.alpn).toBe('h2');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      backend: 'data-collector',
      path: '/quotes?symbol=AAPL',
      bodyBytes: 0,
    });
    expect(answer.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(JSON.parse((await request('/api/audit/records')).body).backend).toBe('audit');
    expect((await request('/elsewhere')).status).toBe(404);
  });

  it('serves the dashboard page from the ATS gateway at / and /assets/', async () => {
    const page = await request('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app"></div><!-- / -->');
    expect((await request('/assets/index-abc.js')).body).toContain('<!-- /assets/index-abc.js -->');
  });

  it('passes the live stream through as it is written: each small event arrives while the stream stays open', async () => {
    const session = http2Connect(`https://localhost:${port}`, { ca, host: '127.0.0.1' } as never);
    try {
      const stream = session.request({ ':path': '/api/live/events', ':method': 'GET' });
      stream.setEncoding('utf8');
      let text = '';
      let status = 0;
      stream.on('response', (headers) => {
        status = Number(headers[':status']);
      });
      let onChange = () => {};
      stream.on('data', (chunk: string) => {
        text += chunk;
        onChange();
      });
      const arrived = (count: number) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`${count} events did not pass nginx within 5 s (got '${text}')`)),
            5_000,
          );
          onChange = () => {
            if ((text.match(/\n\n/g) ?? []).length < count) return;
            clearTimeout(timer);
            resolve();
          };
          onChange();
        });
      await arrived(1);
      expect(status).toBe(200);
      // Events of a few dozen bytes, the stream never ending: a buffering proxy would hold these back.
      for (let event = 2; event <= 4; event++) {
        dashboard.next();
        await arrived(event);
      }
      expect(text.match(/event: later/g)).toHaveLength(3);
      // nginx 1.22 forwards small writes at once to a client that reads fast even when buffering, so the
      // stream above passes either way; the settings that keep a slow client's stream unbuffered and
      // uncompressed are checked in the rendered file.
      const live = /location \/api\/live\/ \{[^}]*\}/.exec(
        readFileSync(join(prefix, 'nginx.conf'), 'utf8'),
      )?.[0];
      expect(live).toContain('proxy_buffering off;');
      expect(live).toContain('gzip off;');
      expect(live).toContain('proxy_read_timeout 3600s;');
    } finally {
      dashboard.release();
      session.close();
    }
  });

  it('answers plain HTTP only with a redirect to HTTPS', async () => {
    const answer = await fetch(`http://127.0.0.1:${plainPort}/api/audit/records`, { redirect: 'manual' });
    expect(answer.status).toBe(301);
    expect(answer.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1\/api\/audit\/records$/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const answer = await request('/api/data-collector/upload', {
      method: 'POST',
      body: Buffer.alloc(200 * 1024, 97),
    });
    expect(answer.status).toBe(413);
    const small = await request('/api/data-collector/upload', {
      method: 'POST',
      body: Buffer.alloc(1024, 97),
    });
    expect(JSON.parse(small.body)).toMatchObject({ backend: 'data-collector', bodyBytes: 1024 });
  });

  it('upgrades a WebSocket through the gateway and carries its frames', async () => {
    const echoed = await new Promise<{ head: string; message: string }>((resolve, reject) => {
      const socket = tlsConnect(
        { host: '127.0.0.1', port, ca, servername: 'localhost', ALPNProtocols: ['http/1.1'] },
        () => {
          socket.write(
            'GET /api/audit/stream HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
          );
        },
      );
      let received = Buffer.alloc(0);
      let head = '';
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (!head) {
          const end = received.indexOf('\r\n\r\n');
          if (end < 0) return;
          head = received.subarray(0, end).toString();
          received = received.subarray(end + 4);
          const mask = Buffer.from([1, 2, 3, 4]);
          const payload = Buffer.from('ping').map((byte, index) => byte ^ (mask[index % 4] as number));
          socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | 4]), mask, Buffer.from(payload)]));
        }
        if (head && received.length >= 2 && received.length >= 2 + ((received[1] as number) & 0x7f)) {
          socket.end();
          resolve({ head, message: received.subarray(2, 2 + ((received[1] as number) & 0x7f)).toString() });
        }
      });
      socket.on('error', reject);
    });
    expect(echoed.head).toMatch(/^HTTP\/1\.1 101 /);
    expect(echoed.head).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(echoed.message).toBe('audit:ping');
  });

  it('rate-limits a client past its burst with 429', async () => {
    const session = http2Connect(`https://localhost:${port}`, { ca, host: '127.0.0.1' } as never);
    const statuses = await Promise.all(
      Array.from(
        { length: 120 },
        () =>
          new Promise<number>((resolve, reject) => {
            const stream = session.request({ ':path': '/api/data-collector/burst' });
            let status = 0;
            stream.on('response', (headers) => {
              status = Number(headers[':status']);
            });
            stream.resume();
            stream.on('end', () => resolve(status));
            stream.on('error', reject);
            stream.end();
          }),
      ),
    );
    session.close();
    // Let the bucket drain before any assertion can end the test, so the next test starts unlimited.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(20);
  });

  it('balances a service across its two instances and routes around one that went down', async () => {
    const seen = new Set<string>();
    for (let index = 0; index < 6; index++) {
      const answer = await request('/api/trade-executor/orders');
      expect(answer.status, answer.body).toBe(200);
      seen.add(JSON.parse(answer.body).backend);
    }
    expect(seen).toEqual(new Set(['executor-a', 'executor-b']));
    await new Promise<void>((resolve) => {
      backends['executor-b']?.server.closeAllConnections();
      backends['executor-b']?.server.close(() => resolve());
    });
    for (let index = 0; index < 8; index++) {
      const answer = await request('/api/trade-executor/orders');
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).backend).toBe('executor-a');
    }
  });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
