// A TCP proxy to the test PostgreSQL that a test can cut (every connection dropped, new ones
// refused) and restore: a database outage without touching the shared server.
import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy to 127.0.0.1:5432 that can be cut (every connection dropped, new ones refused) and restored. */
export async function cuttableProxy(): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () => new Promise<void>((resolve) => {
    server = createServer((client) => {
      const upstream = connect(5432, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(port, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve();
    });
  });
  const cut = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
  await listen();
  return { port, cut, restore: listen, close: cut };
}
