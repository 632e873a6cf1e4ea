// The sandbox over HTTP (node:http, no framework): the Bot API at /bot<token>/<method> as grammY
// calls it through `apiRoot`, the live page at /, its Server-Sent Events at /events, and a small
// JSON API for people writing in the group (/api/messages, /api/edit) and for the page's state.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Serves `sandbox` on `host:port` (port 0 picks a free one). */
export async function serveSandbox(sandbox: Sandbox, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<SandboxServer> {
  const api = new SandboxApi(sandbox);
  const streams = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${e instanceof Error ? e.message : String(e)}` });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const bot = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (bot) {
      const params = { ...Object.fromEntries(url.searchParams), ...(req.method === 'POST' ? await body(req) : {}) };
      const hangUp = new AbortController();
      res.on('close', () => hangUp.abort());
      const result = await api.call(decodeURIComponent(bot[1]!), bot[2]!, params, hangUp.signal);
      if (!res.destroyed) send(res, result.ok ? 200 : result.error_code, result);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PAGE_HTML);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/events') return events(res);
    if (req.method === 'GET' && url.pathname === '/api/state') return send(res, 200, sandbox.snapshot());
    if (req.method === 'POST' && url.pathname === '/api/messages') {
      const b = await body(req);
      const text = typeof b.text === 'string' ? b.text : '';
      const username = typeof b.username === 'string' && /^[A-Za-z0-9_]{1,32}$/.test(b.username) ? b.username : undefined;
      if (!username || text.trim() === '' || typeof b.chatId !== 'number') return send(res, 400, { ok: false, error: 'chatId (number), username ([A-Za-z0-9_]{1,32}) and a non-empty text are required' });
      const message = sandbox.human({ chatId: b.chatId, username, text, ...(typeof b.replyTo === 'number' ? { replyTo: b.replyTo } : {}) });
      return send(res, 200, { ok: true, messageId: message.message_id });
    }
    if (req.method === 'POST' && url.pathname === '/api/edit') {
      const b = await body(req);
      if (typeof b.chatId !== 'number' || typeof b.messageId !== 'number' || typeof b.text !== 'string' || b.text.trim() === '') return send(res, 400, { ok: false, error: 'chatId, messageId and text are required' });
      sandbox.edit(b.chatId, b.messageId, b.text);
      return send(res, 200, { ok: true });
    }
    send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  }

  function events(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`event: snapshot\ndata: ${JSON.stringify(sandbox.snapshot())}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const onEvent = (e: SandboxEvent): void => {
    const line = `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
    for (const s of streams) s.write(line);
  };
  sandbox.events.on('event', onEvent);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    async close() {
      sandbox.events.off('event', onEvent);
      sandbox.close();
      for (const s of streams) s.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
