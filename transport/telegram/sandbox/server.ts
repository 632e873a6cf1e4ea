// The sandbox over HTTP (node:http, no framework): the Bot API at /bot<token>/<method> as grammY
// calls it through `apiRoot`, the live page at /, its Server-Sent Events at /events, and a small
// JSON API for people writing in the group (/api/messages, /api/edit) and for the page's state.
// Each is one route of the node's HTTP router; `serveSandbox` serves them alone.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpRouter, sendJson as send, serveRouter, type HttpRoute } from '../../http/index.ts';
import { SandboxApi } from './api.ts';
import { PAGE_HTML } from './page.ts';
import type { Sandbox } from './sandbox.ts';
import type { SandboxEvent } from './types.ts';

export interface SandboxServer {
  /** e.g. http://127.0.0.1:8080 — the `apiRoot` for grammY and the page's address. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** A handler whose failure (a bad body) is a Bot-API-shaped 400, not the router's 500. */
const badRequest = (handle: HttpRoute['handle']): HttpRoute['handle'] => async (req, res, url, match) => {
  try {
    await handle(req, res, url, match);
  } catch (e) {
    if (!res.headersSent) send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${e instanceof Error ? e.message : String(e)}` });
    else res.end();
  }
};

export interface SandboxRoutes {
  readonly routes: readonly HttpRoute[];
  /** Ends the page's event streams and the sandbox's long polls. */
  close(): void;
}

/** The sandbox's routes, to add to a node's router (or serve alone with `serveSandbox`). */
export function sandboxRoutes(sandbox: Sandbox): SandboxRoutes {
  const api = new SandboxApi(sandbox);
  const streams = new Set<ServerResponse>();

  const onEvent = (e: SandboxEvent): void => {
    const line = `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
    for (const s of streams) s.write(line);
  };
  sandbox.events.on('event', onEvent);

  const routes: HttpRoute[] = [
    {
      path: /^\/bot([^/]+)\/([A-Za-z]+)$/,
      handle: badRequest(async (req, res, url, bot) => {
        const params = { ...Object.fromEntries(url.searchParams), ...(req.method === 'POST' ? await body(req) : {}) };
        const hangUp = new AbortController();
        res.on('close', () => hangUp.abort());
        const result = await api.call(decodeURIComponent(bot![1]!), bot![2]!, params, hangUp.signal);
        if (!res.destroyed) send(res, result.ok ? 200 : result.error_code, result);
      }),
    },
    {
      method: 'GET', path: '/',
      handle: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(PAGE_HTML);
      },
    },
    {
      method: 'GET', path: '/events',
      handle: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`event: snapshot\ndata: ${JSON.stringify(sandbox.snapshot())}\n\n`);
        streams.add(res);
        res.on('close', () => streams.delete(res));
      },
    },
    { method: 'GET', path: '/api/state', handle: (_req, res) => send(res, 200, sandbox.snapshot()) },
    {
      method: 'POST', path: '/api/messages',
      handle: badRequest(async (req, res) => {
        const b = await body(req);
        const text = typeof b.text === 'string' ? b.text : '';
        const username = typeof b.username === 'string' && /^[A-Za-z0-9_]{1,32}$/.test(b.username) ? b.username : undefined;
        if (!username || text.trim() === '' || typeof b.chatId !== 'number') return send(res, 400, { ok: false, error: 'chatId (number), username ([A-Za-z0-9_]{1,32}) and a non-empty text are required' });
        const message = sandbox.human({ chatId: b.chatId, username, text, ...(typeof b.replyTo === 'number' ? { replyTo: b.replyTo } : {}) });
        return send(res, 200, { ok: true, messageId: message.message_id });
      }),
    },
    {
      method: 'POST', path: '/api/edit',
      handle: badRequest(async (req, res) => {
        const b = await body(req);
        if (typeof b.chatId !== 'number' || typeof b.messageId !== 'number' || typeof b.text !== 'string' || b.text.trim() === '') return send(res, 400, { ok: false, error: 'chatId, messageId and text are required' });
        sandbox.edit(b.chatId, b.messageId, b.text);
        return send(res, 200, { ok: true });
      }),
    },
  ];

  let closed = false;
  return {
    routes,
    close() {
      if (closed) return;
      closed = true;
      sandbox.events.off('event', onEvent);
      sandbox.close();
      for (const s of streams) s.end();
      streams.clear();
    },
  };
}

/** Serves `sandbox` alone on `host:port` (port 0 picks a free one). */
export async function serveSandbox(sandbox: Sandbox, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<SandboxServer> {
  const router = new HttpRouter();
  const routes = sandboxRoutes(sandbox);
  router.addAll(routes.routes);
  const server = await serveRouter(router, { port, host }).catch((e: unknown) => {
    routes.close();
    throw e;
  });
  server.onClose(() => routes.close());
  return { url: server.url, port: server.port, close: () => server.close() };
}
