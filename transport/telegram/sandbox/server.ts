// The sandbox over HTTP (node:http, no framework): the Bot API at /bot<token>/<method> as grammY
// calls it through `apiRoot`, the live page at /, its Server-Sent Events at /events, and a small
// JSON API for people writing in the group (/api/messages, /api/edit) and for the page's state.
// Each is one route of the node's HTTP router; `serveSandbox` serves them alone. The page's routes
// answer only under our host names and to our own origin; the Bot API's token is its credential.
import type { IncomingMessage } from 'node:http';
import { TELEGRAM_MAX_MESSAGE_CHARS } from '../../../actors/index.ts';
import { HttpRouter, browserGuard, guarded, sendJson as send, serveRouter, type BrowserGuard, type HttpRoute } from '../../http/index.ts';
import { SandboxApi } from './api.ts';
import { PAGE_HTML } from './page.ts';
import type { Sandbox } from './sandbox.ts';
import { EventStreams, type StreamLimits, type StreamStats } from './streams.ts';
import type { SandboxEvent } from './types.ts';

export interface SandboxServer {
  /** e.g. http://127.0.0.1:8080 — the `apiRoot` for grammY and the page's address. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Largest request body of the Bot API, and of the page's JSON API (one message of 4,096 characters). */
const MAX_BODY = 1 << 20;
const MAX_PAGE_BODY = 64 * 1024;

async function body(req: IncomingMessage, max = MAX_BODY): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error('request body too large');
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
  /** The page routes' Host/Origin check and its refusals. */
  readonly guard: BrowserGuard;
  /** Event streams opened, refused (over the cap) and dropped (fell behind). */
  readonly streams: Readonly<StreamStats> & { readonly open: number };
  /** Ends the page's event streams and the sandbox's long polls. */
  close(): void;
}

/** Runs an operator command from the page for the group with Telegram id `chatId` (the node's command
 * service); the answer goes back to the page as it is. */
export type SandboxCommandHandler = (chatId: number, body: unknown) => Promise<unknown>;

export interface SandboxRouteOptions {
  /** Host names the page answers to besides 127.0.0.1, localhost and ::1 (and `bindHost`). */
  readonly hosts?: readonly string[];
  /** The address the server binds (a specific one is allowed as a host name too). */
  readonly bindHost?: string;
  readonly streams?: StreamLimits;
  /** The page's buttons (pause, resume, a news shock, a bot's line) run operator commands through it. */
  readonly command?: SandboxCommandHandler;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store',
  // No framing by other pages (a click on a hidden "Gönder" would post), and nothing loaded from elsewhere.
  'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
};

const textRule = (text: unknown): string | undefined => {
  if (typeof text !== 'string' || text.trim() === '') return 'a non-empty text is required';
  if (text.length > TELEGRAM_MAX_MESSAGE_CHARS) return `the text is ${text.length} characters; Telegram takes at most ${TELEGRAM_MAX_MESSAGE_CHARS}`;
  return undefined;
};
const USERNAME = /^[A-Za-z0-9_]{1,32}$/;

/** The sandbox's routes, to add to a node's router (or serve alone with `serveSandbox`). The Bot API
 * routes are not guarded: bots call them from servers with a token that no page ever sees (the
 * token is the credential, as on api.telegram.org), and they carry no CORS headers, so a page of
 * another origin cannot read their answers. Every page route is guarded: Host allow-list, and
 * same-origin for reads and writes (writes also JSON only). */
export function sandboxRoutes(sandbox: Sandbox, opts: SandboxRouteOptions = {}): SandboxRoutes {
  const api = new SandboxApi(sandbox);
  const guard = browserGuard(opts.hosts, opts.bindHost);
  const streams = new EventStreams(opts.streams);
  const read = (handle: HttpRoute['handle']): HttpRoute['handle'] => guarded(guard, 'read', handle);
  const write = (handle: HttpRoute['handle']): HttpRoute['handle'] => guarded(guard, 'write', badRequest(handle));

  const onEvent = (e: SandboxEvent): void => streams.broadcast(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
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
      // The page itself holds no data (it reads /events), so a link from elsewhere may open it; the
      // Host check keeps a rebinding name away, the headers keep it out of other pages' frames.
      method: 'GET', path: '/',
      handle: guarded(guard, 'page', (_req, res) => {
        res.writeHead(200, PAGE_HEADERS);
        res.end(PAGE_HTML);
      }),
    },
    {
      method: 'GET', path: '/events',
      handle: read((_req, res) => {
        streams.open(res, `event: snapshot\ndata: ${JSON.stringify(sandbox.snapshot())}\n\n`);
      }),
    },
    { method: 'GET', path: '/api/state', handle: read((_req, res) => send(res, 200, sandbox.snapshot())) },
    /** Every bot send with its idempotency key (cluster tests count duplicates from here). */
    { method: 'GET', path: '/api/sends', handle: read((_req, res) => send(res, 200, { sends: sandbox.sends })) },
    {
      method: 'POST', path: '/api/messages',
      handle: write(async (req, res) => {
        const b = await body(req, MAX_PAGE_BODY);
        const username = typeof b.username === 'string' && USERNAME.test(b.username) ? b.username : undefined;
        const bad = textRule(b.text) ?? (!username ? 'username ([A-Za-z0-9_]{1,32}) is required' : typeof b.chatId !== 'number' ? 'chatId (number) is required' : undefined);
        if (bad) return send(res, 400, { ok: false, error: bad });
        if (!sandbox.chat(b.chatId as number)) return send(res, 404, { ok: false, error: `no chat ${String(b.chatId)}` });
        const message = sandbox.human({ chatId: b.chatId as number, username: username!, text: b.text as string, ...(typeof b.replyTo === 'number' ? { replyTo: b.replyTo } : {}) });
        return send(res, 200, { ok: true, messageId: message.message_id });
      }),
    },
    {
      method: 'POST', path: '/api/command',
      handle: write(async (req, res) => {
        const b = await body(req, MAX_PAGE_BODY);
        if (!opts.command) return send(res, 404, { ok: false, error: 'this sandbox runs no node: there is nothing to command' });
        if (typeof b.chatId !== 'number') return send(res, 400, { ok: false, error: 'chatId (number) and body (the command) are required' });
        return send(res, 200, await opts.command(b.chatId, b.body));
      }),
    },
    {
      method: 'POST', path: '/api/edit',
      handle: write(async (req, res) => {
        const b = await body(req, MAX_PAGE_BODY);
        const bad = textRule(b.text) ?? (typeof b.chatId !== 'number' || typeof b.messageId !== 'number' ? 'chatId and messageId (numbers) are required'
          : typeof b.username !== 'string' || !USERNAME.test(b.username) ? 'username ([A-Za-z0-9_]{1,32}) is required: people edit only their own messages' : undefined);
        if (bad) return send(res, 400, { ok: false, error: bad });
        const old = sandbox.chat(b.chatId as number)?.messages.get(b.messageId as number);
        if (!old) return send(res, 404, { ok: false, error: `no message ${String(b.messageId)} in chat ${String(b.chatId)}` });
        if (old.from.is_bot || old.from.username?.toLowerCase() !== (b.username as string).toLowerCase()) return send(res, 403, { ok: false, error: 'people edit only their own messages' });
        sandbox.edit(b.chatId as number, b.messageId as number, b.text as string, b.username as string);
        return send(res, 200, { ok: true });
      }),
    },
  ];

  let closed = false;
  return {
    routes, guard,
    get streams() {
      return { ...streams.stats, open: streams.size };
    },
    close() {
      if (closed) return;
      closed = true;
      sandbox.events.off('event', onEvent);
      sandbox.close();
      streams.close();
    },
  };
}

/** Serves `sandbox` alone on `host:port` (port 0 picks a free one). */
export async function serveSandbox(sandbox: Sandbox, { port = 0, host = '127.0.0.1', ...opts }: { port?: number; host?: string } & Omit<SandboxRouteOptions, 'bindHost'> = {}): Promise<SandboxServer & { readonly routes: SandboxRoutes }> {
  const router = new HttpRouter();
  const routes = sandboxRoutes(sandbox, { ...opts, bindHost: host });
  router.addAll(routes.routes);
  const server = await serveRouter(router, { port, host }).catch((e: unknown) => {
    routes.close();
    throw e;
  });
  server.onClose(() => routes.close());
  return { url: server.url, port: server.port, routes, close: () => server.close() };
}
