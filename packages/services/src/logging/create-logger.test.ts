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
