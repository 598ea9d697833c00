// Security events become audit entries without their tokens or secrets.
import { describe, expect, it } from 'vitest';
import { securityEventEntry } from './security-event-entries.js';

describe('securityEventEntry', () => {
  it('keeps who, what, from where and the outcome, and drops token and secret fields', () => {
    const entry = securityEventEntry(
      {
        type: 'LoginFailed',
        occurredAt: 1_767_225_600_000,
        actorKind: 'user',
        userId: 'alice',
        ip: '203.0.113.9',
        success: false,
        refreshToken: 'rt-secret',
        passwordHash: '$argon2id$...',
        attempts: 3,
      },
      'bus',
    );
    expect(entry).toMatchObject({
      action: 'security.LoginFailed',
      actor: { kind: 'user', id: 'alice' },
      source: '203.0.113.9',
      outcome: 'denied',
      detail: { attempts: 3, userId: 'alice' },
    });
    expect(JSON.stringify(entry)).not.toMatch(/rt-secret|argon2/);
  });

  it('ignores what is not an event', () => {
    expect(securityEventEntry(null, 'bus')).toBeNull();
    expect(securityEventEntry({ kind: 'no type' }, 'bus')).toBeNull();
  });
});
