// The operator console as one HTTP handler to mount under a prefix (/console) of the node's server:
// the built front end, sign-in with sessions in HttpOnly SameSite=Strict cookies, the JSON API and
// the live feed. Every state-changing request must come from the console's own origin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../actors/index.ts';
import type { CommandService } from '../commands/types.ts';
import { auditedCommands } from './audit.ts';
import { ConsoleAuth, atLeast, type AuthOptions } from './auth/service.ts';
import type { ConsoleStore } from './auth/store.ts';
import { ConsoleUsers } from './auth/users.ts';
import { readFigures, type LiveSources } from './figures.ts';
import { apiRoutes, type ConsoleReads } from './http/api.ts';
import { LiveFeed } from './http/live.ts';
import { staticFiles } from './http/static.ts';
import { HttpError, clientAddress, cookies, readJson, sameOrigin, sendJson } from './http/util.ts';

export const SESSION_COOKIE = 'piyasa_console';

export interface ConsoleOptions {
  readonly store: ConsoleStore;
  readonly reads: ConsoleReads;
  /** The one command service (NATS and `piyasa cmd` use it too); the console records its calls. */
  readonly commands: CommandService;
  readonly live?: LiveSources;
  /** Where the console lives on the node's server. Default "/console". */
  readonly prefix?: string;
  readonly auth?: AuthOptions;
  /** Mark cookies Secure and take https as our origin (behind TLS). Default false. */
  readonly secure?: boolean;
  /** Other origins the console is reached at (a proxy's public address). */
  readonly allowedOrigins?: readonly string[];
  readonly logger?: Logger;
  readonly now?: () => number;
  /** The built UI (default infra/console/ui/dist). */
  readonly uiDir?: string;
  /** How often open pages get new figures and lines. Default 2,000 ms. */
  readonly liveEveryMs?: number;
}

export interface ConsoleHandler {
  readonly prefix: string;
  /** Handles the request when its path is under the prefix; false (untouched) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): void;
}

const REASONS: Record<string, [number, string]> = {
  invalid: [401, 'wrong user name or password'],
  'totp-required': [401, 'enter the 6-digit code of your authenticator app'],
  'totp-invalid': [401, 'wrong or already used code'],
  'totp-missing': [403, 'an admin needs TOTP: ask another admin to set it up (piyasa users totp NAME)'],
  locked: [423, 'too many wrong attempts: the account is locked for a while'],
  'rate-limited': [429, 'too many sign-in attempts from this address: wait a minute'],
};

export function createConsole(o: ConsoleOptions): ConsoleHandler {
  const prefix = (o.prefix ?? '/console').replace(/\/+$/, '');
  const now = o.now ?? (() => Date.now());
  const auth = new ConsoleAuth(o.store, { now, ...o.auth });
  const users = new ConsoleUsers(o.store, now);
  const commands = auditedCommands(o.commands, o.store);
  const routes = apiRoutes({ reads: o.reads, commands, users, store: o.store, auth, now });
  const files = staticFiles(o.uiDir);
  const secure = o.secure ?? false;
  const allowed = o.allowedOrigins ?? [];
  const figures = () => readFigures(() => o.reads.figures(), o.live ?? {}, now());
  const feed = new LiveFeed({
    figures, everyMs: o.liveEveryMs ?? 2_000,
    lines: (after) => o.reads.transcript({ after, limit: 200 }),
    newest: async () => (await o.reads.transcript({ limit: 1 }))[0]?.id ?? 0,
    onError: (error) => o.logger?.warn('console.live.failed', { error: error instanceof Error ? error.message : String(error) }),
  });

  const cookie = (value: string, maxAgeSec: number): string =>
    `${SESSION_COOKIE}=${value}; Path=${prefix}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSec}${secure ? '; Secure' : ''}`;

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const b = await readJson(req);
    const username = typeof b.username === 'string' ? b.username.slice(0, 100) : '';
    const password = typeof b.password === 'string' ? b.password.slice(0, 1_000) : '';
    if (username.trim() === '') throw new HttpError(422, 'enter your user name', 'username');
    if (password === '') throw new HttpError(422, 'enter your password', 'password');
    const address = clientAddress(req);
    const r = await auth.login({ username, password, address, ...(typeof b.totp === 'string' ? { totp: b.totp.slice(0, 20) } : {}), ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}) });
    if (!r.ok) {
      o.logger?.warn('console.login.refused', { user: username.slice(0, 64), reason: r.reason, address });
      if (r.reason === 'locked' || r.reason === 'invalid' || r.reason === 'totp-invalid') {
        await o.store.audit({ actor: username.slice(0, 64).toLowerCase(), action: 'login', detail: { reason: r.reason, address }, ok: false });
      }
      const [status, error] = REASONS[r.reason]!;
      sendJson(res, status, { ok: false, reason: r.reason, error, ...(r.until ? { until: r.until } : {}), ...(r.reason.startsWith('totp') ? { field: 'totp' } : {}) });
      return;
    }
    await o.store.audit({ actor: r.user.username, action: 'login', detail: { address }, ok: true });
    sendJson(res, 200, { ok: true, user: { username: r.user.username, role: r.user.role }, expiresAt: r.expiresAt },
      { 'set-cookie': cookie(r.token, Math.floor(auth.sessionMs / 1000)) });
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, rel: string, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && !sameOrigin(req, secure, allowed)) {
      o.logger?.warn('console.cross-origin', { origin: req.headers.origin ?? null, path: rel });
      throw new HttpError(403, 'refused: this request did not come from the console\'s own pages');
    }
    if (!rel.startsWith('/api/')) {
      if (method === 'GET' && files(rel, res)) return;
      throw new HttpError(404, 'not found');
    }
    const path = rel.slice(4);
    if (method === 'POST' && path === '/login') return login(req, res);
    const token = cookies(req).get(SESSION_COOKIE);
    const session = await auth.userOf(token);
    if (method === 'POST' && path === '/logout') {
      if (token) await auth.logout(token);
      if (session) await o.store.audit({ actor: session.user.username, action: 'logout', ok: true });
      return sendJson(res, 200, { ok: true }, { 'set-cookie': cookie('', 0) });
    }
    if (!session) throw new HttpError(401, 'sign in first');
    const { user } = session;
    if (method === 'GET' && path === '/me') return sendJson(res, 200, { username: user.username, role: user.role, totp: user.totpSecret !== null });
    if (method === 'GET' && path === '/events') return feed.open(res);
    for (const route of routes) {
      const m = route.path.exec(path);
      if (!m || route.method !== method) continue;
      if (!atLeast(user.role, route.role)) throw new HttpError(403, `this needs the ${route.role} role (you are ${user.role})`);
      return route.handle({ req, res, url, params: m.slice(1), user });
    }
    throw new HttpError(404, 'no such API');
  }

  return {
    prefix,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://console');
      if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false;
      if (url.pathname === prefix) {
        res.writeHead(302, { location: `${prefix}/` }).end();
        return true;
      }
      try {
        await dispatch(req, res, url.pathname.slice(prefix.length), url);
      } catch (error) {
        if (res.headersSent) res.end();
        else if (error instanceof HttpError) sendJson(res, error.status, { ok: false, error: error.message, ...(error.field ? { field: error.field } : {}) });
        else {
          o.logger?.error('console.failed', { path: url.pathname, error: error instanceof Error ? error.message : String(error) });
          sendJson(res, 500, { ok: false, error: 'the console failed to answer (see the node\'s log)' });
        }
      }
      return true;
    },
    close: () => feed.close(),
  };
}
