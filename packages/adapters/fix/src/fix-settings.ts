// The FIX adapter's settings: where the counterparty listens, who we are to it, where state is kept.
import { InvalidInputError } from '@ats/core';

export interface FixSettings {
  /** The venue name stamped on fills and used to derive trade ids (deriveUuid(venue, executionId)). */
  readonly venue: string;
  readonly host: string;
  readonly port: number;
  /** SenderCompID (49) of our messages; the counterparty's TargetCompID. */
  readonly senderCompId: string;
  /** TargetCompID (56) of our messages; the counterparty's SenderCompID. */
  readonly targetCompId: string;
  /** HeartBtInt (108) proposed in the Logon, seconds. */
  readonly heartbeatSeconds: number;
  /** Folder of the session store (sequence numbers) and the execution journal; survives restarts. */
  readonly stateDirectory: string;
  /** Account (1) sent on every order, when the counterparty wants one. */
  readonly account?: string;
  /** Username (553) / Password (554) of the Logon, from the environment (BROKER_API_KEY and friends). */
  readonly username?: string;
  readonly password?: string;
  /** How long connect() waits for the Logon answer, milliseconds. */
  readonly logonTimeoutMs: number;
  /** Wait before trying again after the connection drops, milliseconds. */
  readonly reconnectDelayMs: number;
  /** How long a status request waits for the counterparty's answer before the journal answers instead. */
  readonly statusRequestTimeoutMs: number;
}

export type FixSettingsInput = Partial<FixSettings> &
  Pick<FixSettings, 'host' | 'port' | 'senderCompId' | 'targetCompId' | 'stateDirectory'>;

const compIdPattern = /^[A-Za-z0-9_.-]{1,64}$/;

/** Fills the defaults and checks every field, naming the one that is wrong. */
export function fixSettings(input: FixSettingsInput): FixSettings {
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65_535) {
    throw new InvalidInputError('fix.port', 'must be an integer from 1 to 65535', input.port);
  }
  if (input.host.length === 0) throw new InvalidInputError('fix.host', 'must not be empty', input.host);
  for (const field of ['senderCompId', 'targetCompId'] as const) {
    if (!compIdPattern.test(input[field])) {
      throw new InvalidInputError(`fix.${field}`, 'must be 1-64 letters, digits, _ . or -', input[field]);
    }
  }
  if (input.stateDirectory.length === 0) {
    throw new InvalidInputError('fix.stateDirectory', 'must not be empty', input.stateDirectory);
  }
  const settings: FixSettings = {
    venue: input.venue ?? 'fix',
    host: input.host,
    port: input.port,
    senderCompId: input.senderCompId,
    targetCompId: input.targetCompId,
    heartbeatSeconds: input.heartbeatSeconds ?? 30,
    stateDirectory: input.stateDirectory,
    logonTimeoutMs: input.logonTimeoutMs ?? 10_000,
    reconnectDelayMs: input.reconnectDelayMs ?? 2_000,
    statusRequestTimeoutMs: input.statusRequestTimeoutMs ?? 2_000,
    ...(input.account === undefined ? {} : { account: input.account }),
    ...(input.username === undefined ? {} : { username: input.username }),
    ...(input.password === undefined ? {} : { password: input.password }),
  };
  for (const field of [
    'heartbeatSeconds',
    'logonTimeoutMs',
    'reconnectDelayMs',
    'statusRequestTimeoutMs',
  ] as const) {
    if (!Number.isInteger(settings[field]) || settings[field] <= 0) {
      throw new InvalidInputError(`fix.${field}`, 'must be a positive integer', settings[field]);
    }
  }
  return settings;
}
