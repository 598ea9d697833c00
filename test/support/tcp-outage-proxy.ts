// A TCP proxy on loopback that can cut a server off and bring it back: while cut, every open
// connection is reset and new ones are closed at once, as a server that went away would.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { openTestDatabase, PostgresDatabase, type TestDatabase } from '@ats/persistence';

export class TcpOutageProxy {
  private readonly sockets = new Set<Socket>();
  private reachable = true;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpOutageProxy> {
    let proxy: TcpOutageProxy | null = null;
    const server = createServer((client) => proxy?.accept(client, target));
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    proxy = new TcpOutageProxy(server, port);
    return proxy;
  }

  /** Resets every connection through the proxy and refuses new ones until `restore`. */
  cut(): void {
    this.reachable = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.reachable = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (!this.reachable) {
      client.destroy();
      return;
    }
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

/**
 * A fresh test schema on `postgresUrl`, and a PostgresDatabase on it reached through a TcpOutageProxy
 * (cut it off with `proxy.cut()`). `close` closes the three, the database first.
 */
export async function proxiedTestDatabase(
  postgresUrl: string,
  options: { maxConnections: number; connectionTimeoutMilliseconds: number },
): Promise<{
  test: TestDatabase;
  proxy: TcpOutageProxy;
  database: PostgresDatabase;
  close(): Promise<void>;
}> {
  const test = await openTestDatabase('postgres');
  const target = new URL(postgresUrl);
  const proxy = await TcpOutageProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(postgresUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const database = await PostgresDatabase.open({
    url: proxied.toString(),
    schema: test.schema as string,
    ...options,
  });
  return {
    test,
    proxy,
    database,
    async close() {
      await database.close().catch(() => {});
      await proxy.close().catch(() => {});
      await test.dispose().catch(() => {});
    },
  };
}
