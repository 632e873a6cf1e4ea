// One HTTP server per node, routed by path: a route table that the sandbox, the node's /metrics,
// /healthz and /readyz, the trace view and other parts (the operator console) each add routes to.
// A route is one method and one path, so checks (Origin, Host) can wrap the routes that need them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Handles one request; a rejected promise becomes a 500 (or ends the response when it began). */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, url: URL, match?: RegExpExecArray) => void | Promise<void>;

export interface HttpRoute {
  /** GET, POST, …; any method when absent. */
  readonly method?: string;
  /** `/metrics` (that path exactly), `/console/*` (`/console` and everything under it), or a RegExp
   * on the path (its match is handed to the handler). */
  readonly path: string | RegExp;
  readonly handle: HttpHandler;
}

/** Routes by path: exact paths first, then patterns in the order added, then prefixes (longest
 * first). A path that matches with another method is answered 405, none 404. */
export class HttpRouter {
  private readonly routes: HttpRoute[] = [];

  /** Adds a route; returns the function that removes it again. */
  add(route: HttpRoute): () => void {
    this.routes.push(route);
    return () => {
      const i = this.routes.indexOf(route);
      if (i >= 0) this.routes.splice(i, 1);
    };
  }

  /** Adds several routes; returns one function removing them all. */
  addAll(routes: readonly HttpRoute[]): () => void {
    const removers = routes.map((r) => this.add(r));
    return () => removers.forEach((remove) => remove());
  }

  /** The route for `method` on `path`: 'wrong-method' when only other methods serve that path. */
  find(method: string, path: string): { route: HttpRoute; match?: RegExpExecArray } | 'wrong-method' | undefined {
    let other = false;
    const take = (r: HttpRoute): boolean => {
      if (r.method === undefined || r.method === method) return true;
      other = true;
      return false;
    };
    for (const r of this.routes) if (typeof r.path === 'string' && !r.path.endsWith('/*') && r.path === path && take(r)) return { route: r };
    for (const r of this.routes) {
      if (!(r.path instanceof RegExp)) continue;
      const match = r.path.exec(path);
      if (match && take(r)) return { route: r, match };
    }
    const prefixes = this.routes.filter((r) => typeof r.path === 'string' && r.path.endsWith('/*')).sort((a, b) => String(b.path).length - String(a.path).length);
    for (const r of prefixes) {
      const base = (r.path as string).slice(0, -2);
      if ((path === base || path.startsWith(`${base}/`) || base === '') && take(r)) return { route: r };
    }
    return other ? 'wrong-method' : undefined;
  }

  /** Answers one request through the table. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://node');
    const found = this.find(req.method ?? 'GET', url.pathname);
    if (found === undefined) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (found === 'wrong-method') return sendJson(res, 405, { ok: false, error_code: 405, description: 'Method Not Allowed' });
    try {
      await found.route.handle(req, res, url, found.match);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${error instanceof Error ? error.message : String(error)}` });
      else res.end();
    }
  }
}

/** A JSON response with its length. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface HttpServer {
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  readonly router: HttpRouter;
  /** Runs before the server closes (end open streams such as Server-Sent Events). */
  onClose(fn: () => void): void;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and answers through `router`. */
export async function serveRouter(router: HttpRouter, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<HttpServer> {
  const server = createServer((req, res) => void router.handle(req, res));
  const closers: (() => void)[] = [];
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${address.port}`,
    port: address.port,
    router,
    onClose: (fn) => void closers.push(fn),
    async close() {
      for (const fn of closers.splice(0)) fn();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
