// The command service: untrusted bodies in, one JSON answer out — never a throw, never silence. Every
// command that changes something is logged with its caller, whether it worked or not.
import type { CommandReply, Logger } from '../../actors/index.ts';
import { readBody, refuse } from './body.ts';
import { READ_ONLY, byHandle, parseChatCommand, runChatCommand } from './chat.ts';
import { runClusterCommand } from './cluster.ts';
import type { CatalogStore, CommandCaller, CommandNode, CommandService } from './types.ts';

export interface CommandServiceOptions {
  readonly node: CommandNode;
  /** Where catalog changes are kept; nothing is kept by default (see memoryCatalogStore). */
  readonly store: CatalogStore;
  /** Receives one `command` line per change (caller, command, outcome); the node's logger by default. */
  readonly audit: Logger;
  /** Logs a handler's own failure (a bug: answered ok:false all the same). */
  readonly logger: Logger;
  /** Clock time, stamped on news shocks and memories. */
  now(): number;
}

const CHAT_ID = /^[a-z0-9_-]{1,64}$/;

/** What a command asked for, for the audit line: its fields without the secret ones. */
function args(body: Record<string, unknown>): Record<string, unknown> {
  const { cmd: _cmd, token, ...rest } = body;
  return token === undefined ? rest : { ...rest, token: '(sealed, not logged)' };
}

export function createCommandService(o: CommandServiceOptions): CommandService {
  /** Runs `handle`, turning a thrown bug into an answer, and logs a change with its caller. */
  async function guarded(scope: string, caller: CommandCaller, body: Record<string, unknown> & { cmd: string }, change: boolean, handle: () => Promise<CommandReply>): Promise<CommandReply> {
    let reply: CommandReply;
    try {
      reply = await handle();
    } catch (error) {
      o.logger.error('command.failed', { scope, cmd: body.cmd, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      reply = refuse(`${body.cmd}: failed on node ${o.node.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (change) {
      o.audit.info('command', {
        user: caller.user, via: caller.via, scope, cmd: body.cmd, args: args(body), ok: reply.ok, ...(reply.ok ? {} : { error: reply.error }),
      });
    }
    return reply;
  }

  return {
    async chat(chatId, body, caller) {
      const read = readBody(body);
      if (!read.ok) return read.reply;
      if (typeof chatId !== 'string' || !CHAT_ID.test(chatId)) return refuse(`no chat ${JSON.stringify(String(chatId).slice(0, 64))}: a chat id is a-z, 0-9, _ and -`, 'chat');
      const parsed = parseChatCommand(byHandle(read.value, o.node.catalog().bots), o.node.id, o.now());
      const change = !READ_ONLY.has(read.value.cmd);
      return guarded(`chat:${chatId}`, caller, read.value, change, async () => {
        if (!parsed.ok) return parsed.reply;
        if (!o.node.catalog().chats.some((c) => c.id === chatId)) return refuse(`no chat "${chatId}"`, 'chat');
        return runChatCommand(o.node, chatId, parsed.value);
      });
    },
    async cluster(body, caller) {
      const read = readBody(body);
      if (!read.ok) return read.reply;
      return guarded('cluster', caller, read.value, read.value.cmd !== 'status', () => runClusterCommand({ node: o.node, store: o.store, now: o.now }, read.value));
    },
  };
}
