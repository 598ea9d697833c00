// Configurations that once started and failed later (or ran on defaults) now stop the start with a line naming the key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const empty = () => mkdtempSync(join(tmpdir(), 'ats-config-'));
const load = (overrides: Record<string, unknown>, env: Record<string, string> = {}) =>
  loadConfig({ directory: empty(), env, overrides });

describe('configuration refusals', () => {
  it('names risk_models.sizing.method when it is not a known sizing method', () => {
    expect(() => load({ risk_models: { sizing: { method: 'martingale' } } })).toThrow(
      /risk_models\.sizing\.method/,
    );
  });

  it('refuses an ATS_CONFIG_DIR that does not exist, naming it', () => {
    expect(() => loadConfig({ env: { ATS_CONFIG_DIR: '/no/such/ats-config' } })).toThrow(
      'config: ATS_CONFIG_DIR = "/no/such/ats-config": no such folder',
    );
  });

  it('reads an ATS_CONFIG_DIR that exists', () => {
    expect(loadConfig({ env: { ATS_CONFIG_DIR: empty() } }).account.id).toBe('paper');
  });

  it('names ATS_HTTP_PORT and its text when it is not a port', () => {
    expect(() => load({}, { ATS_HTTP_PORT: 'abc' })).toThrow('config: ATS_HTTP_PORT = "abc": must be a port');
    expect(() => load({}, { ATS_HTTP_PORT: '70000' })).toThrow(/ATS_HTTP_PORT = "70000"/);
  });

  it('names DATABASE_URL and the rule when it is not a URL, never its value (a URL may hold a password)', () => {
    expect(() => load({}, { DATABASE_URL: 'postgres//user:hunter2secret@db' })).toThrow(
      /config: DATABASE_URL = \(value not shown\) \(database.url\): /,
    );
    expect(() => load({}, { DATABASE_URL: 'postgres//user:hunter2secret@db' })).not.toThrow(/hunter2secret/);
  });

  it('names a secret variable and its rule, never its value', () => {
    for (const [variable, value] of [
      ['ATS_JWT_SECRET', 'short-jwt-secret-value'],
      ['ATS_BOOTSTRAP_API_KEY', 'short-bootstrap-key'],
      ['ATS_ADMIN_PASSWORD', 'tiny-pass'],
    ] as const) {
      let message = '';
      try {
        load({}, { [variable]: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(new RegExp(`config: ${variable} = \\(value not shown\\) \\(secrets\\.`));
      expect(message).toMatch(/at least|>=|too small|characters/i);
      expect(message).not.toContain(value);
    }
  });

  it.each(['0', '-5', '0.00'])('refuses a starting cash of %s', (cash) => {
    expect(() => load({ account: { starting_cash: cash } })).toThrow(
      /account.starting_cash = .*greater than zero/,
    );
  });

  it('refuses duplicate strategy ids', () => {
    const strategy = { id: 'twice', kind: 'sma-cross', symbols: ['AAPL'], parameters: { fast: 5, slow: 20 } };
    expect(() => load({ strategies: [strategy, strategy] })).toThrow(
      /strategies.1.id = "twice": is used twice/,
    );
  });

  it('refuses a symbol configured twice', () => {
    const instrument = { symbol: 'AAPL' };
    expect(() => load({ market: { instruments: [instrument, instrument] } })).toThrow(
      /market.instruments.1.symbol = "AAPL": is configured twice/,
    );
  });

  it('refuses a strategy on a symbol that is not an instrument', () => {
    expect(() => load({ strategies: [{ id: 's', kind: 'sma-cross', symbols: ['TSLA'] }] })).toThrow(
      /strategies.0.symbols = "TSLA": is not a configured instrument/,
    );
  });

  it.each(['constructor', 'toString', 'nonsense'])('refuses the strategy kind %s', (kind) => {
    expect(() => load({ strategies: [{ id: 's', kind, symbols: ['AAPL'] }] })).toThrow(/strategies.0.kind/);
  });

  it('refuses strategy parameters the strategy refuses (fast 30, slow 10)', () => {
    expect(() =>
      load({
        strategies: [{ id: 's', kind: 'sma-cross', symbols: ['AAPL'], parameters: { fast: 30, slow: 10 } }],
      }),
    ).toThrow(/strategies.0.parameters = .*sma-cross.fast: 30 must be less than slow/);
  });

  it('refuses an ml-model strategy without a model, with a bad parameter, and a model on another kind', () => {
    expect(() => load({ strategies: [{ id: 'm', kind: 'ml-model', symbols: ['AAPL'] }] })).toThrow(
      /strategies.0.model = undefined: is required for kind ml-model/,
    );
    const model = { name: 'minute-direction' };
    expect(() =>
      load({
        strategies: [{ id: 'm', kind: 'ml-model', symbols: ['AAPL'], model, parameters: { enterAbove: 2 } }],
      }),
    ).toThrow(/strategies.0.parameters = .*ml-model.enterAbove: 2 must be in \[0, 1\]/);
    expect(() =>
      load({
        strategies: [
          {
            id: 'm',
            kind: 'ml-model',
            symbols: ['AAPL'],
            model,
            parameters: { enterAbove: 0.4, exitBelow: 0.6 },
          },
        ],
      }),
    ).toThrow(/ml-model.exitBelow: 0.6 must not exceed enterAbove \(0.4\)/);
    expect(() =>
      load({
        strategies: [{ id: 'm', kind: 'ml-model', symbols: ['AAPL'], model, parameters: { depth: 3 } }],
      }),
    ).toThrow(/ml-model.depth: unknown parameter; known: enterAbove, exitBelow/);
    expect(() => load({ strategies: [{ id: 's', kind: 'sma-cross', symbols: ['AAPL'], model }] })).toThrow(
      /strategies.0.model = "minute-direction": is only for kind ml-model, not sma-cross/,
    );
    expect(() =>
      load({
        strategies: [{ id: 'm', kind: 'ml-model', symbols: ['AAPL'], model: { name: 'x', version: 0 } }],
      }),
    ).toThrow(/strategies.0.model.version/);
    // A valid one loads (the model itself is read from the registry when the Strategy Engine starts).
    expect(
      load({
        strategies: [{ id: 'm', kind: 'ml-model', symbols: ['AAPL'], model: { name: 'x', version: 2 } }],
      }).strategies[0]?.model,
    ).toEqual({ name: 'x', version: 2 });
  });

  it('refuses a market speed of 1e9', () => {
    expect(() => load({ market: { speed: 1e9 } })).toThrow(/market.speed = 1000000000/);
  });
});

it('reports a YAML syntax error by line, without quoting the file (it may hold a secret)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'ats-yaml-'));
  writeFileSync(
    join(directory, 'default.yaml'),
    'database:\n  url: "postgres://u:quoted-secret@h/db\n  name: [x\n',
  );
  let message = '';
  try {
    loadConfig({ directory, env: {} });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/default\.yaml: not valid YAML: .*line/);
  expect(message).not.toContain('quoted-secret');
});
