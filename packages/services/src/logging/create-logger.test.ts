// Tests that secrets never reach a log line.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskUrlCredentials } from './create-logger.js';

describe('createLogger', () => {
  it('writes JSON lines with secrets redacted', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', service: 'test', destination });
    logger.info(
      {
        secrets: { api_secret_key: 'top-secret' },
        config: { broker_api_key: 'broker-secret' },
        token: 'gotify-secret',
      },
      'started',
    );
    logger.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const text = lines.join('');
    expect(text).not.toMatch(/top-secret|broker-secret|gotify-secret/);
    const record = JSON.parse(lines[0] as string);
    expect(record.service).toBe('test');
    expect(record.level).toBe('info');
    expect(record.token).toBe('[redacted]');
  });

  it('masks passwords inside URLs', () => {
    expect(maskUrlCredentials('postgres://ats:hunter2@db:5432/ats')).toBe('postgres://ats:***@db:5432/ats');
  });
});

describe('createLogger masking of personal data and tokens', () => {
  it('masks tokens, keys, authorization headers, account numbers and e-mails wherever they appear', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', service: 'test', destination });
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';
    logger.info(
      {
        req: {
          headers: { authorization: `Bearer ${jwt}`, cookie: 'session=abc', 'x-api-key': 'ats_key_123456' },
        },
        user: { email: 'alice@example.com', accountNumber: '123456789012' },
        refreshToken: 'refresh-secret-value',
        api_secret: 'binance-secret-value',
        note: 'client bob@example.org paid from account 9876543210123 with token=abcdef123456',
      },
      `login by carol@example.net with ${jwt} and Bearer tok_very_secret_1`,
    );
    logger.error({ err: new Error('refused for dave@example.com, account 555566667777') }, 'failed');
    logger.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const text = lines.join('');
    for (const secret of [
      jwt,
      'abc',
      'ats_key_123456',
      'alice@',
      '123456789012',
      'refresh-secret-value',
      'binance-secret-value',
      'bob@',
      '9876543210123',
      'abcdef123456',
      'carol@',
      'tok_very_secret_1',
      'dave@',
      '555566667777',
    ])
      expect(text, secret).not.toContain(secret);
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first.msg).toBe('login by ***@example.net with [redacted-jwt] and Bearer [redacted]');
    expect(first.note).toBe('client ***@example.org paid from account ****0123 with token=[redacted]');
    expect(first.req.headers.authorization).toBe('[redacted]');
    expect(second.err.message).toBe('refused for ***@example.com, account ****7777');
  });
});

describe('createLogger redaction by field name', () => {
  it("replaces secrets' fields at the top and one level down, and headers under `headers` two levels down; other fields stay", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', service: 'test', destination });
    logger.info(
      {
        url: 'http://internal:9000/x',
        upstream: { url: 'http://internal:9000/y', private_key: { pem: 'key-material' } },
        response: { headers: { 'set-cookie': 'session=zzz', 'content-type': 'application/json' } },
        orderId: 'order-1',
        symbol: 'AAPL',
      },
      'answered',
    );
    logger.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const record = JSON.parse(lines[0] as string);
    expect(record.url).toBe('[redacted]');
    expect(record.upstream).toEqual({ url: '[redacted]', private_key: '[redacted]' });
    expect(record.response.headers).toEqual({
      'set-cookie': '[redacted]',
      'content-type': 'application/json',
    });
    expect([record.orderId, record.symbol, record.msg]).toEqual(['order-1', 'AAPL', 'answered']);
  });
});
