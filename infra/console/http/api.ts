// The console's JSON API under <prefix>/api: sign-in, the pages' reads, and every change — swarm
// changes as commands through the one CommandService (as `piyasa cmd` sends them over NATS), user
// changes through ConsoleUsers. Each route names the least role it needs; the server checks it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleRole, ConsoleUserRow, PgConsoleReads } from '../../../persistence/index.ts';
import { KNOWN_SYMBOLS } from '../../config/index.ts';
import type { CommandCaller, CommandService } from '../../commands/types.ts';
import { atLeast, type ConsoleAuth } from '../auth/service.ts';
import type { ConsoleStore } from '../auth/store.ts';
import { UserError, type ConsoleUsers } from '../auth/users.ts';
import { HttpError, readJson, sendJson } from './util.ts';

/** The reads the pages need (PgConsoleReads provides them). */
export type ConsoleReads = Pick<PgConsoleReads, 'bots' | 'bot' | 'chats' | 'settings' | 'transcript' | 'figures'>;

export interface ApiContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: readonly string[];
  readonly user: ConsoleUserRow;
}

interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: RegExp;
  readonly role: ConsoleRole;
  handle(c: ApiContext): Promise<void>;
}

/** The least role for a chat command; every other chat command changes the chat (operator). */
const CHAT_ROLES: Readonly<Record<string, ConsoleRole>> = { status: 'viewer' };
/** The least role for a cluster command: removals and settings are the admin's; unknown ones too. */
const CLUSTER_ROLES: Readonly<Record<string, ConsoleRole>> = {
  status: 'viewer', 'bots.add': 'operator', 'bots.update': 'operator', 'bots.enable': 'operator', 'bots.disable': 'operator',
  'chats.add': 'operator', 'members.add': 'operator', 'members.remove': 'operator', 'memories.add': 'operator', 'memories.remove': 'operator',
  'bots.remove': 'admin', 'chats.remove': 'admin', 'settings.set': 'admin',
};

const cmdOf = (body: Record<string, unknown>): string => (typeof body.cmd === 'string' ? body.cmd : '');

function need(user: ConsoleUserRow, role: ConsoleRole): void {
  if (!atLeast(user.role, role)) throw new HttpError(403, `this needs the ${role} role (you are ${user.role})`);
}

const caller = (user: ConsoleUserRow): CommandCaller => ({ user: user.username, via: 'console' });

function int(value: string | null, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `${name} must be a whole number between ${min} and ${max}`, name);
  return n;
}

export function apiRoutes(d: { reads: ConsoleReads; commands: CommandService; users: ConsoleUsers; store: ConsoleStore; auth: ConsoleAuth; now: () => number }): Route[] {
  const reply = async (res: ServerResponse, work: Promise<{ ok: boolean }>) => {
    const r = await work;
    sendJson(res, r.ok ? 200 : 422, r);
  };
  const usersCall = async (res: ServerResponse, work: () => Promise<unknown>) => {
    try {
      sendJson(res, 200, { ok: true, ...(await work() as object) });
    } catch (e) {
      if (e instanceof UserError) sendJson(res, 422, { ok: false, error: e.message, field: e.field });
      else throw e;
    }
  };
  return [
    { method: 'GET', path: /^\/meta$/, role: 'viewer', handle: async ({ res }) => sendJson(res, 200, { symbols: KNOWN_SYMBOLS, roles: ['viewer', 'operator', 'admin'] }) },
    { method: 'GET', path: /^\/figures$/, role: 'viewer', handle: async ({ res }) => sendJson(res, 200, await d.reads.figures()) },
    { method: 'GET', path: /^\/bots$/, role: 'viewer', handle: async ({ res }) => sendJson(res, 200, await d.reads.bots()) },
    {
      method: 'GET', path: /^\/bots\/([a-z0-9_]{1,64})$/, role: 'viewer',
      handle: async ({ res, params }) => {
        const bot = await d.reads.bot(params[0]!);
        if (!bot) throw new HttpError(404, `no bot "${params[0]}"`);
        sendJson(res, 200, bot);
      },
    },
    { method: 'GET', path: /^\/chats$/, role: 'viewer', handle: async ({ res }) => sendJson(res, 200, await d.reads.chats()) },
    { method: 'GET', path: /^\/settings$/, role: 'viewer', handle: async ({ res }) => sendJson(res, 200, await d.reads.settings()) },
    {
      method: 'GET', path: /^\/transcript$/, role: 'viewer',
      handle: async ({ res, url }) => {
        const q = url.searchParams;
        const who = q.get('who');
        if (who !== null && who !== '' && who !== 'people' && who !== 'bots') throw new HttpError(400, 'who must be people or bots', 'who');
        const text = q.get('text') ?? '';
        if (text.length > 200) throw new HttpError(400, 'text must be at most 200 characters', 'text');
        const before = int(q.get('before'), 'before', 1);
        sendJson(res, 200, await d.reads.transcript({
          limit: int(q.get('limit'), 'limit', 1, 500) ?? 100,
          ...(q.get('chat') ? { chat: q.get('chat')! } : {}), ...(q.get('bot') ? { bot: q.get('bot')! } : {}),
          ...(who ? { who } : {}), ...(text ? { text } : {}), ...(before !== undefined ? { before } : {}),
        }));
      },
    },
    {
      method: 'POST', path: /^\/chats\/([a-z0-9_-]{1,64})\/command$/, role: 'viewer',
      handle: async ({ req, res, params, user }) => {
        const body = await readJson(req);
        need(user, CHAT_ROLES[cmdOf(body)] ?? 'operator');
        await reply(res, d.commands.chat(params[0]!, body, caller(user)));
      },
    },
    {
      method: 'POST', path: /^\/command$/, role: 'viewer',
      handle: async ({ req, res, user }) => {
        const body = await readJson(req);
        need(user, CLUSTER_ROLES[cmdOf(body)] ?? 'admin');
        await reply(res, d.commands.cluster(body, caller(user)));
      },
    },
    {
      method: 'GET', path: /^\/audit$/, role: 'viewer',
      handle: async ({ res, url }) => sendJson(res, 200, await d.store.auditLog(int(url.searchParams.get('limit'), 'limit', 1, 500) ?? 100, int(url.searchParams.get('before'), 'before', 1))),
    },
    { method: 'GET', path: /^\/users$/, role: 'admin', handle: async ({ res }) => sendJson(res, 200, await d.users.list()) },
    {
      method: 'POST', path: /^\/users$/, role: 'admin',
      handle: async ({ req, res, user }) => {
        const b = await readJson(req);
        await usersCall(res, () => d.users.add(user.username, { username: b.username, password: b.password, role: b.role, totp: b.totp }));
      },
    },
    {
      method: 'PATCH', path: /^\/users\/(\d{1,9})$/, role: 'admin',
      handle: async ({ req, res, params, user }) => {
        const b = await readJson(req);
        const id = Number(params[0]);
        await usersCall(res, async () => {
          if (b.role !== undefined) return d.users.setRole(user.username, id, b.role);
          if (typeof b.active === 'boolean') return d.users.setActive(user.username, id, b.active);
          if (b.password !== undefined) return d.users.setPassword(user.username, id, b.password);
          if (typeof b.totp === 'boolean') return d.users.resetTotp(user.username, id, b.totp);
          throw new UserError('body', 'say what to change: role, active, password or totp');
        });
      },
    },
  ];
}

export type { Route };
