// The node's one HTTP server (PIYASA_HTTP_PORT): /metrics, /healthz and /readyz on every node, and
// whatever the node's parts add — the sandbox's page and Bot API, the trace view, the operator
// console (`mount('/console', handler)`).
import type { Registry } from 'prom-client';
import { HttpRouter, serveRouter, type HttpHandler, type HttpRoute, type HttpServer } from '../../transport/index.ts';
import { Readiness, healthRoutes } from './health.ts';

export interface NodeHttpOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Default 127.0.0.1 (0.0.0.0 in a container, so probes and Prometheus reach it). */
  readonly host?: string;
  readonly nodeId: string;
  /** Served at /metrics in Prometheus' text format. */
  readonly metrics?: Registry;
}

export interface NodeHttp {
  readonly url: string;
  readonly port: number;
  readonly readiness: Readiness;
  /** Adds routes (each one method on one path); returns the function removing them. */
  add(routes: readonly HttpRoute[]): () => void;
  /** Serves `handler` for `prefix` and every path under it (e.g. '/console'). */
  mount(prefix: string, handler: HttpHandler): () => void;
  /** Runs before the server closes (end open event streams). */
  onClose(fn: () => void): void;
  close(): Promise<void>;
}

/** GET /metrics from a prom-client registry. */
export function metricsRoute(registry: Registry): HttpRoute {
  return {
    method: 'GET', path: '/metrics',
    handle: async (_req, res) => {
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}

/** Starts the node's HTTP server with its health routes (and /metrics when a registry is given). */
export async function startNodeHttp(opts: NodeHttpOptions): Promise<NodeHttp> {
  const router = new HttpRouter();
  const readiness = new Readiness();
  router.addAll(healthRoutes(readiness, { id: opts.nodeId, startedAt: Date.now() }));
  if (opts.metrics) router.add(metricsRoute(opts.metrics));
  const server: HttpServer = await serveRouter(router, { port: opts.port, host: opts.host ?? '127.0.0.1' });
  return {
    url: server.url, port: server.port, readiness,
    add: (routes) => router.addAll(routes),
    mount: (prefix, handle) => router.add({ path: `${prefix.replace(/\/+$/, '')}/*`, handle }),
    onClose: (fn) => server.onClose(fn),
    close: () => server.close(),
  };
}
