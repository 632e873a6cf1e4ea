// Changes to a running node on Telegram (the sandbox or real tokens): a new or enabled bot gets its
// token into the adapter (made up in the sandbox, the sealed one with real Telegram), a new chat its group and a
// listener, a joining bot its seat in the sandbox's group, a removed listener hands its chats on —
// then the node's actors take the change (changes.ts).
import { randomBytes } from 'node:crypto';
import type { Logger, Persona } from '../../actors/index.ts';
import type { GrammyTelegram, Sandbox, TelegramListener } from '../../transport/index.ts';
import type { ChangeResult, NodeChange } from './changes.ts';
import type { SingleNode } from './single.ts';

export interface TelegramChangeParts {
  readonly node: SingleNode;
  readonly telegram: GrammyTelegram;
  /** botId → token, chatId → Telegram id: the running node's, updated here. */
  readonly tokens: Map<string, string>;
  readonly chatIds: Map<string, number>;
  /** token → its listener; tokens (and "token chatId") that cannot listen any more. */
  readonly listeners: Map<string, TelegramListener>;
  readonly gone: Set<string>;
  listen(token: string, chats: Map<number, string>): TelegramListener;
  takeOver(from: string, chats: readonly (readonly [number, string])[]): void;
  readonly logger: Logger;
  readonly sandbox?: Sandbox;
  /** The sealed token of a bot added while running (real Telegram). */
  readonly tokenOf?: (botId: string) => Promise<string | undefined>;
}

export function telegramChanges(p: TelegramChangeParts): { check(change: NodeChange): string | undefined; apply(change: NodeChange): Promise<ChangeResult> } {
  const { node, telegram, tokens, chatIds, listeners, gone, sandbox } = p;
  /** A token for a bot added while running: made up in the sandbox, the sealed one with real Telegram. */
  const tokenFor = async (bot: Persona): Promise<string | undefined> => {
    if (!sandbox) return p.tokenOf?.(bot.id);
    const token = `${7_100_000_001 + tokens.size}:${randomBytes(24).toString('base64url')}`;
    sandbox.addBot({ token, username: bot.handle, firstName: bot.name, canReadAll: true });
    return token;
  };
  return {
    check(change) {
      if (change.kind === 'chat.add' && !sandbox && change.telegramId === undefined) return 'telegramId: required with real Telegram (the Telegram id of the group, a negative number)';
      if (change.kind === 'bot.add' && !sandbox && !change.hasToken && !tokens.has(change.bot.id)) return 'token: required with real Telegram (the bot\'s token from BotFather; it is sealed in the database)';
      return undefined;
    },
    async apply(change) {
      switch (change.kind) {
        case 'bot.add':
        case 'bot.enable': {
          const token = tokens.get(change.bot.id) ?? await tokenFor(change.bot);
          if (token === undefined) p.logger.error('telegram.no-token', { bot: change.bot.id, reason: `no token stored for a bot ${change.kind === 'bot.add' ? 'added' : 'enabled'} while running: it cannot send` });
          else if (!tokens.has(change.bot.id)) {
            tokens.set(change.bot.id, token);
            telegram.addBot({ botId: change.bot.id, token, username: change.bot.handle });
          }
          // An enabled bot is seated again in the sandbox's groups of its chats (a restart left it out).
          if (change.kind === 'bot.enable' && sandbox) {
            for (const chatId of change.chats) {
              const telegramId = chatIds.get(chatId);
              if (telegramId !== undefined && sandbox.chat(telegramId)) sandbox.join(telegramId, change.bot.handle);
            }
          }
          break;
        }
        case 'chat.add': {
          const telegramId = chatIds.get(change.chat.id) ?? change.telegramId ?? -1_001_000_000_001 - chatIds.size;
          const handles = change.chat.members.map((id) => node.personas.get(id)?.handle).filter((h): h is string => h !== undefined);
          if (sandbox && !sandbox.chat(telegramId)) sandbox.addChat({ id: telegramId, title: change.chat.title, bots: handles });
          chatIds.set(change.chat.id, telegramId);
          telegram.addChat({ chatId: change.chat.id, telegramId, members: change.chat.members });
          const result = await node.apply(change);
          const token = change.chat.members.map((id) => tokens.get(id)).find((t): t is string => t !== undefined && !gone.has(t));
          const existing = token ? listeners.get(token) : undefined;
          if (existing) existing.listenTo(telegramId, change.chat.id);
          else if (token) await p.listen(token, new Map([[telegramId, change.chat.id]])).start();
          return result;
        }
        case 'member.add': {
          const telegramId = chatIds.get(change.chatId);
          const handle = node.personas.get(change.botId)?.handle;
          if (sandbox && telegramId !== undefined && handle) sandbox.join(telegramId, handle);
          break;
        }
        case 'bot.remove': {
          // The chats it listened for are heard through their next member.
          const token = tokens.get(change.botId);
          const result = await node.apply(change);
          const l = token ? listeners.get(token) : undefined;
          if (token && l) {
            gone.add(token);
            listeners.delete(token);
            await l.stop();
            p.takeOver(token, l.chatEntries());
          }
          return result;
        }
        default:
          break;
      }
      return node.apply(change);
    },
  };
}
