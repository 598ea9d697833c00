// A free TCP port on loopback: the one the kernel picks for a listener on port 0, closed again at
// once. Another program may take it before the caller listens on it, so callers that start many
// processes try again on new ports when a start fails.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
