#!/usr/bin/env node
// Renders the nginx gateway's configuration: TLS 1.3 only, HTTP/2, /api/<service> to each service's
// upstream (two or more servers are load-balanced with passive health checks), WebSocket upgrade,
// request size limits, limit_req rate limiting and security headers; the dashboard (/ and /assets/) and
// its live stream (/api/live/, Server-Sent Events: never buffered) from the ATS gateway process.
//
//   node deploy/nginx/render-config.mjs [--prefix DIR] [--listen HOST:PORT] [--http-listen HOST:PORT]
//     [--cert FILE] [--key FILE] [--upstream SERVICE=HOST:PORT[,HOST:PORT...]]... [--rate N] [--burst N]
//     [--max-body SIZE] [--server-name NAME] [--dashboard HOST:PORT[,HOST:PORT...]] [--out FILE]
//
// Without --out the configuration goes to standard output. Defaults: the spec's ports on 127.0.0.1, and
// the dashboard at the ATS gateway's port (`ats start --distributed`: http.port, 8000).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The spec's services and their ports in multi-process mode. */
export const defaultUpstreams = {
  'data-collector': ['127.0.0.1:9101'],
  'strategy-engine': ['127.0.0.1:9102'],
  'risk-manager': ['127.0.0.1:9103'],
  'trade-executor': ['127.0.0.1:9104'],
  scheduler: ['127.0.0.1:9106'],
  backtesting: ['127.0.0.1:9107'],
  monitoring: ['127.0.0.1:8008'],
  security: ['127.0.0.1:8009'],
  audit: ['127.0.0.1:8010'],
};

const serviceName = /^[a-z][a-z0-9-]{0,39}$/;
const hostPort = /^[A-Za-z0-9.[\]:-]+:\d{1,5}$/;
const size = /^\d{1,6}[kKmM]?$/;

function fail(message) {
  throw new Error(`render-config: ${message}`);
}

export function parseArguments(argv) {
  const options = {
    prefix: '/var/lib/ats-gateway',
    listen: '0.0.0.0:443',
    httpListen: null,
    cert: '/etc/ats/tls/gateway.crt',
    key: '/etc/ats/tls/gateway.key',
    upstreams: { ...defaultUpstreams },
    rate: 50,
    burst: 100,
    maxBody: '1m',
    serverName: 'localhost',
    dashboard: ['127.0.0.1:8000'],
    out: null,
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (value === undefined) fail(`${flag} needs a value`);
    index++;
    switch (flag) {
      case '--prefix':
        options.prefix = resolve(value);
        break;
      case '--listen':
        if (!hostPort.test(value)) fail(`--listen '${value}' must be HOST:PORT`);
        options.listen = value;
        break;
      case '--http-listen':
        if (!hostPort.test(value)) fail(`--http-listen '${value}' must be HOST:PORT`);
        options.httpListen = value;
        break;
      case '--cert':
        options.cert = resolve(value);
        break;
      case '--key':
        options.key = resolve(value);
        break;
      case '--upstream': {
        const [name, servers] = value.split('=', 2);
        if (!serviceName.test(name ?? ''))
          fail(`--upstream '${value}': the service name must be lower-case a-z, 0-9 and '-'`);
        const list = (servers ?? '').split(',').filter(Boolean);
        if (list.length === 0 || !list.every((server) => hostPort.test(server)))
          fail(`--upstream '${value}' must be SERVICE=HOST:PORT[,HOST:PORT...]`);
        options.upstreams[name] = list;
        break;
      }
      case '--rate':
      case '--burst': {
        const number = Number(value);
        if (!Number.isInteger(number) || number < 1 || number > 100_000)
          fail(`${flag} '${value}' must be a whole number from 1 to 100000`);
        options[flag.slice(2)] = number;
        break;
      }
      case '--max-body':
        if (!size.test(value)) fail(`--max-body '${value}' must be a size such as 512k or 1m`);
        options.maxBody = value;
        break;
      case '--server-name':
        if (!/^[A-Za-z0-9.*-]{1,253}$/.test(value)) fail(`--server-name '${value}' is not a host name`);
        options.serverName = value;
        break;
      case '--dashboard': {
        const list = value.split(',').filter(Boolean);
        if (list.length === 0 || !list.every((server) => hostPort.test(server)))
          fail(`--dashboard '${value}' must be HOST:PORT[,HOST:PORT...]`);
        options.dashboard = list;
        break;
      }
      case '--out':
        options.out = resolve(value);
        break;
      default:
        fail(`unknown option ${flag}`);
    }
  }
  return options;
}

const upstreamName = (service) => `ats_${service.replace(/-/g, '_')}`;

function upstreamBlock(service, servers) {
  // Passive health: a server that fails once is skipped for 10 s; requests go to the next one.
  const lines = servers.map((server) => `    server ${server} max_fails=1 fail_timeout=10s;`);
  return [`  upstream ${upstreamName(service)} {`, ...lines, '    keepalive 16;', '  }'].join('\n');
}

function locationBlock(service, options) {
  return `    location /api/${service}/ {
      limit_req zone=ats_api_per_ip burst=${options.burst} nodelay;
      proxy_pass http://${upstreamName(service)}/;
      include ${options.prefix}/ats-proxy.conf;
    }
    location = /api/${service} {
      return 308 /api/${service}/;
    }`;
}

/** The ATS gateway process (`ats service gateway`): the dashboard's files and its live stream. */
const dashboardUpstream = 'dashboard';

function dashboardLocations(options) {
  const upstream = upstreamName(dashboardUpstream);
  return `    # The live stream: Server-Sent Events pass through as they are written (no buffering, no gzip,
    # no cache), and a quiet stream stays open for an hour (the gateway sends a keep-alive every 15 s).
    location /api/live/ {
      limit_req zone=ats_api_per_ip burst=${options.burst} nodelay;
      proxy_pass http://${upstream};
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header Connection '';
      proxy_buffering off;
      proxy_cache off;
      gzip off;
      proxy_connect_timeout 2s;
      proxy_read_timeout 3600s;
      # One try: a stream is not replayed on another server.
      proxy_next_upstream off;
    }
    # The dashboard's page and its hashed assets.
    location = / {
      proxy_pass http://${upstream};
      include ${options.prefix}/ats-proxy.conf;
    }
    location /assets/ {
      proxy_pass http://${upstream};
      include ${options.prefix}/ats-proxy.conf;
    }
    # The combined health of every service, as the System page reads it.
    location = /health {
      proxy_pass http://${upstream};
      include ${options.prefix}/ats-proxy.conf;
    }
    location / {
      return 404 '{"error":"not found: the gateway serves /, /assets/, /health and /api/<service>/"}\\n';
    }`;
}

/** The proxy settings every location shares (written beside nginx.conf as ats-proxy.conf). */
export const proxyConf = `# Shared proxy settings of every /api/<service>/ location (rendered by deploy/nginx/render-config.mjs).
proxy_http_version 1.1;
proxy_set_header Host $host;
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto https;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection $connection_upgrade;
proxy_connect_timeout 2s;
proxy_read_timeout 3600s;
proxy_send_timeout 60s;
# A server that refuses, times out or answers 502/503/504 is skipped: the request goes to the next one.
proxy_next_upstream error timeout http_502 http_503 http_504;
proxy_next_upstream_tries 2;
proxy_next_upstream_timeout 5s;
`;

export function renderConfig(options) {
  const services = Object.keys(options.upstreams).sort();
  const redirect = options.httpListen
    ? `
  # Plain HTTP only redirects to HTTPS.
  server {
    listen ${options.httpListen};
    server_name ${options.serverName};
    return 301 https://$host$request_uri;
  }
`
    : '';
  return `# The ATS gateway (rendered by deploy/nginx/render-config.mjs; edit the renderer, not this file).
worker_processes auto;
pid ${options.prefix}/nginx.pid;
error_log ${options.prefix}/error.log warn;
events {
  worker_connections 1024;
}
http {
  client_body_temp_path ${options.prefix}/client_body;
  proxy_temp_path ${options.prefix}/proxy;
  fastcgi_temp_path ${options.prefix}/fastcgi;
  uwsgi_temp_path ${options.prefix}/uwsgi;
  scgi_temp_path ${options.prefix}/scgi;
  access_log ${options.prefix}/access.log;
  default_type application/json;
  server_tokens off;

  # Request size limits: bodies, and the header lines before them.
  client_max_body_size ${options.maxBody};
  client_body_buffer_size 64k;
  large_client_header_buffers 4 8k;
  client_header_timeout 10s;
  client_body_timeout 10s;

  # Rate limiting per client address; past the burst, 429.
  limit_req_zone $binary_remote_addr zone=ats_api_per_ip:10m rate=${options.rate}r/s;
  limit_req_status 429;

  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' '';
  }

${services.map((service) => upstreamBlock(service, options.upstreams[service])).join('\n')}
${upstreamBlock(dashboardUpstream, options.dashboard)}
${redirect}
  server {
    listen ${options.listen} ssl http2;
    server_name ${options.serverName};

    ssl_certificate ${options.cert};
    ssl_certificate_key ${options.key};
    # TLS 1.3 only: 1.2 and older are refused during the handshake.
    ssl_protocols TLSv1.3;
    ssl_session_cache shared:ats_tls:10m;
    ssl_session_timeout 1h;
    ssl_session_tickets off;

    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header X-Content-Type-Options "nosniff" always;
    add_header X-Frame-Options "DENY" always;
    add_header Content-Security-Policy "frame-ancestors 'none'" always;
    add_header Referrer-Policy "no-referrer" always;

${services.map((service) => locationBlock(service, options)).join('\n')}

${dashboardLocations(options)}
  }
}
`;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  try {
    const options = parseArguments(process.argv.slice(2));
    const text = renderConfig(options);
    if (options.out) {
      writeFileSync(options.out, text);
      writeFileSync(resolve(options.out, '..', 'ats-proxy.conf'), proxyConf);
    } else process.stdout.write(text);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}
