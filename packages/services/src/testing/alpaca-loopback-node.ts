// A one-process node that trades at Alpaca through Alpaca's wire format, for tests: the loopback Alpaca
// test server, a folder of the test's own for the node's PGlite data and backups, the configuration
// that joins them, and the order placement such a test repeats.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlpacaTestServer } from '@ats/adapter-alpaca';
import type { AtsConfig } from '../config/config-schema.js';
import type { RunningNode } from '../node/one-process-node.js';
import { testAdminHeaders } from '../security/test-credentials.js';
import { testNodeConfig } from './test-node-config.js';

export interface AlpacaNodeSettings {
  /** The simulated market's replay: fast unless the test runs on the node's real clock. */
  readonly market?: { readonly speed: number; readonly seed: number };
  /** Execution settings beside the Alpaca venue's (a secondary venue, protective stops). */
  readonly execution?: Readonly<Record<string, unknown>>;
}

export class AlpacaLoopback {
  private constructor(
    readonly server: AlpacaTestServer,
    private readonly directory: string,
  ) {}

  /** Starts the test server; `folderPrefix` names the temporary folder of the node's data. */
  static async start(folderPrefix: string): Promise<AlpacaLoopback> {
    const server = await AlpacaTestServer.start();
    return new AlpacaLoopback(server, mkdtempSync(join(tmpdir(), folderPrefix)));
  }

  /**
   * The node's configuration: no configuration files, no strategies, the test key accepted, Alpaca's
   * paper mode at the test server. The same folder on every call, so a restarted node finds its data.
   */
  config(settings: AlpacaNodeSettings = {}): AtsConfig {
    return testNodeConfig(
      this.directory,
      {
        market: settings.market ?? { speed: 60, seed: 5 },
        strategies: [],
        execution: {
          venue: 'alpaca',
          ...settings.execution,
          alpaca: { mode: 'paper', rest_url: this.server.restUrl, stream_url: this.server.streamUrl },
        },
      },
      { BROKER_API_KEY: this.server.keyId, BROKER_API_SECRET: this.server.secret },
    );
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** Places an operator order of AAPL, good till canceled, through the node's API; its id. */
export async function placeOrder(
  node: RunningNode,
  payload: Readonly<Record<string, unknown>>,
): Promise<string> {
  const placed = await node.app.inject({
    headers: testAdminHeaders,
    method: 'POST',
    url: '/api/trade-executor/orders',
    payload: { symbol: 'AAPL', side: 'BUY', timeInForce: 'GTC', ...payload },
  });
  // Thrown rather than asserted with expect: this module is compiled with the package, without vitest.
  if (placed.statusCode !== 201)
    throw new Error(`the order was not accepted (${placed.statusCode}): ${placed.body}`);
  return (placed.json() as { order: { id: string } }).order.id;
}
