// Serves the built dashboard (apps/dashboard/dist) at / and /assets/*: read once at start, gzip-compressed
// once, hashed assets cached for a year, index.html never cached (it names the current assets).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import '../security/route-security-types.js';

interface StaticFile {
  readonly type: string;
  readonly body: Buffer;
  readonly gzipped: Buffer | null;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Every file under `directory`, by its URL path (`/assets/index-abc.js`). */
function readFiles(directory: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (folder: string, prefix: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else {
        const body = readFileSync(path);
        const type = contentTypes[extname(name)] ?? 'application/octet-stream';
        const compressible =
          type.startsWith('text/') || type === 'image/svg+xml' || type === 'application/json';
        files.set(`${prefix}${name}`, {
          type,
          body,
          gzipped: compressible ? gzipSync(body, { level: 9 }) : null,
        });
      }
    }
  };
  walk(directory, '/');
  return files;
}

const notBuilt = `<!doctype html><html lang="en"><meta charset="utf-8"><title>ATS</title>
<p>The dashboard is not built. Run <code>npm run build</code> and restart; the APIs under /api work meanwhile.</p></html>`;

/** Registers the dashboard's files; a missing build answers / with a page that says how to build it. */
export function registerDashboardStaticFiles(app: FastifyInstance, directory: string | undefined): void {
  const files =
    directory !== undefined && existsSync(join(directory, 'index.html')) ? readFiles(directory) : new Map();

  const send = (request: FastifyRequest, reply: FastifyReply, file: StaticFile, cache: string) => {
    reply.header('content-type', file.type).header('cache-control', cache).header('vary', 'Accept-Encoding');
    reply.header('x-content-type-options', 'nosniff');
    if (file.gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
      return reply.header('content-encoding', 'gzip').send(file.gzipped);
    return reply.send(file.body);
  };

  app.get('/', { config: { permission: 'public' } }, async (request, reply) => {
    const index = files.get('/index.html');
    // The page may only run its own scripts and talk to its own origin.
    reply.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
    );
    if (!index) return reply.code(404).type('text/html; charset=utf-8').send(notBuilt);
    return send(request, reply, index, 'no-cache');
  });

  app.get<{ Params: { '*': string } }>(
    '/assets/*',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const file = files.get(`/assets/${request.params['*']}`);
      if (!file) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such dashboard file' });
      // Vite names assets by their content hash: a name never changes meaning.
      return send(request, reply, file, 'public, max-age=31536000, immutable');
    },
  );
}

/** The sizes of the served bundle, for the report and the start line. */
export function dashboardBundleSize(directory: string): {
  files: number;
  bytes: number;
  gzippedBytes: number;
} {
  const files = readFiles(directory);
  let bytes = 0;
  let gzippedBytes = 0;
  for (const file of files.values()) {
    bytes += file.body.length;
    gzippedBytes += file.gzipped?.length ?? file.body.length;
  }
  return { files: files.size, bytes, gzippedBytes };
}
