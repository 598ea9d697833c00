// Keeps one FIX session up with the counterparty: opens the TCP connection, logs on, reconnects after a
// drop (the store carries the sequence numbers over), and logs out on stop.
import { createConnection, type Socket } from 'node:net';
import { AtsError } from '@ats/core';
import { FileSequenceStoreFactory } from './file-sequence-store.js';
import { fix44DictionaryPath } from './fix-dictionary-path.js';
import { FixInitiatorSession, type SessionReject } from './fix-initiator-session.js';
import {
  DITokens,
  EmptyLogFactory,
  type IFixSessionStoreFactory,
  type IJsFixConfig,
  type ISessionDescription,
  MsgTransport,
  type MsgView,
  SessionContainer,
  TcpDuplex,
} from './fix-library.js';
import type { FixSettings } from './fix-settings.js';

export type LinkState = 'idle' | 'connecting' | 'logged-on' | 'reconnecting' | 'stopped';

export interface FixLinkListener {
  onApplicationMessage(msgType: string, view: MsgView): void;
  onSessionReject(reject: SessionReject): void;
  onStateChange(state: LinkState, error: Error | null): void;
  onWire(direction: 'in' | 'out', text: string): void;
}

export class FixSessionLink {
  private config: IJsFixConfig | null = null;
  private session: FixInitiatorSession | null = null;
  private socket: Socket | null = null;
  private connections = 0;
  private currentState: LinkState = 'idle';
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private logonWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private stoppedWaiters: (() => void)[] = [];

  constructor(
    private readonly settings: FixSettings,
    private readonly listener: FixLinkListener,
    private readonly storeFactory: IFixSessionStoreFactory = new FileSequenceStoreFactory(
      settings.stateDirectory,
    ),
  ) {}

  get state(): LinkState {
    return this.currentState;
  }

  /** Connects and logs on; rejects with BROKER_UNAVAILABLE when the Logon answer does not come in time. */
  async start(): Promise<void> {
    if (this.currentState === 'logged-on') return;
    this.config ??= await this.buildConfig();
    const loggedOn = this.waitForLogon(this.settings.logonTimeoutMs);
    if (this.socket === null) {
      // While a reconnect is scheduled, connect now instead of waiting for it.
      this.cancelReconnect();
      if (this.currentState === 'stopped') this.currentState = 'idle';
      this.openConnection();
    }
    try {
      await loggedOn;
    } catch (error) {
      this.cancelReconnect();
      this.setState('stopped', error instanceof Error ? error : null);
      this.session?.abort('logon failed');
      throw error;
    }
  }

  /** Logs out and closes the connection; no reconnect follows. */
  async stop(): Promise<void> {
    this.cancelReconnect();
    const session = this.session;
    if (session === null) {
      this.setState('stopped', null);
      return;
    }
    const stopped = new Promise<void>((resolve) => this.stoppedWaiters.push(resolve));
    const wasLoggedOn = this.currentState === 'logged-on';
    this.setState('stopped', null);
    if (wasLoggedOn) session.logout();
    else session.abort('adapter stopped');
    // A counterparty that never confirms the Logout must not hold the stop forever.
    const timer = setTimeout(() => session.abort('logout not confirmed'), 3_000);
    await stopped;
    clearTimeout(timer);
  }

  /** Sends an application message; BROKER_UNAVAILABLE when the session is not logged on. */
  async send(msgType: string, body: object): Promise<number> {
    const session = this.session;
    if (session === null || this.currentState !== 'logged-on') {
      throw new AtsError('BROKER_UNAVAILABLE', `FIX session is ${this.currentState}; nothing was sent`, {
        details: { msgType },
      });
    }
    try {
      return await session.sendApplication(msgType, body);
    } catch (cause) {
      throw new AtsError('BROKER_UNAVAILABLE', `FIX message ${msgType} could not be sent`, { cause });
    }
  }

  /** Resolves once the session is logged on (now or after a reconnect). */
  waitForLogon(timeoutMs: number): Promise<void> {
    if (this.currentState === 'logged-on') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.logonWaiters = this.logonWaiters.filter((entry) => entry !== waiter);
        reject(
          new AtsError(
            'BROKER_UNAVAILABLE',
            `no FIX Logon from ${this.settings.host}:${this.settings.port} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.logonWaiters.push(waiter);
    });
  }

  /** Destroys the TCP connection without a Logout, as a network failure would; a reconnect follows. */
  dropConnection(): void {
    this.socket?.destroy();
  }

  private async buildConfig(): Promise<IJsFixConfig> {
    const container = new SessionContainer();
    container.registerGlobal(new EmptyLogFactory());
    const description = {
      application: {
        name: `ats-${this.settings.senderCompId}`,
        type: 'initiator',
        protocol: 'ascii',
        dictionary: fix44DictionaryPath(),
        resilient: false,
        reconnectSeconds: Math.ceil(this.settings.reconnectDelayMs / 1000),
        tcp: { host: this.settings.host, port: this.settings.port },
      },
      BeginString: 'FIX.4.4',
      SenderCompId: this.settings.senderCompId,
      TargetCompID: this.settings.targetCompId,
      HeartBtInt: this.settings.heartbeatSeconds,
      // Sequence numbers continue across connections and restarts; they are never reset at Logon.
      ResetSeqNumFlag: false,
      // A ResendRequest is answered with SequenceReset-GapFill, never by replaying orders: an order
      // replayed minutes late could trade at a price nobody chose. Its fate is found by reconciliation.
      store: { type: 'memory', resendGapFillOnly: true },
      ...(this.settings.username === undefined ? {} : { Username: this.settings.username }),
      ...(this.settings.password === undefined ? {} : { Password: this.settings.password }),
    } as unknown as ISessionDescription;
    const sessionContainer = await container.makeSystem(description);
    const config = sessionContainer.resolve<IJsFixConfig>(DITokens.IJsFixConfig);
    config.sessionStoreFactory = this.storeFactory;
    return config;
  }

  private openConnection(): void {
    const config = this.config;
    if (config === null || this.currentState === 'stopped') return;
    this.setState(this.connections === 0 ? 'connecting' : 'reconnecting', null);
    const connection = ++this.connections;
    const socket = createConnection({ host: this.settings.host, port: this.settings.port });
    this.socket = socket;
    let sessionStarted = false;
    // Without an error listener a refused or reset socket would crash the process.
    socket.on('error', (error) => {
      if (!sessionStarted) this.connectionLost(error);
    });
    socket.on('close', () => {
      if (sessionStarted && this.session !== null && this.socket === socket) {
        this.session.abort('connection closed');
      }
    });
    socket.on('connect', () => {
      sessionStarted = true;
      const session = new FixInitiatorSession(config, {
        onLoggedOn: () => this.loggedOn(),
        onApplicationMessage: (msgType, view) => this.listener.onApplicationMessage(msgType, view),
        onSessionReject: (reject) => this.listener.onSessionReject(reject),
        onStopped: (error) => void this.sessionStopped(session, error),
        onWire: (direction, text) => this.listener.onWire(direction, text),
      });
      this.session = session;
      // A counterparty that accepts the connection but never answers the Logon is treated as a drop.
      const logonTimer = setTimeout(() => {
        if (this.session === session && this.currentState !== 'logged-on') session.abort('no Logon answer');
      }, this.settings.logonTimeoutMs);
      socket.once('close', () => clearTimeout(logonTimer));
      const transport = new MsgTransport(connection, config, new TcpDuplex(socket));
      // run() settles when the session ends; onStopped has already told us how.
      session.run(transport).catch(() => undefined);
    });
  }

  private loggedOn(): void {
    this.setState('logged-on', null);
    const waiters = this.logonWaiters;
    this.logonWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  private async sessionStopped(session: FixInitiatorSession, error: Error | null): Promise<void> {
    if (this.session === session) this.session = null;
    this.socket?.destroy();
    this.socket = null;
    await session.closeStore().catch(() => undefined);
    if (this.currentState === 'stopped') {
      const waiters = this.stoppedWaiters;
      this.stoppedWaiters = [];
      for (const resolve of waiters) resolve();
      return;
    }
    this.connectionLost(error ?? new Error('FIX session ended'));
  }

  private connectionLost(error: Error): void {
    this.socket = null;
    if (this.currentState === 'stopped') return;
    this.setState('reconnecting', error);
    this.cancelReconnect();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.openConnection();
    }, this.settings.reconnectDelayMs);
  }

  private cancelReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setState(state: LinkState, error: Error | null): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.listener.onStateChange(state, error);
  }
}
