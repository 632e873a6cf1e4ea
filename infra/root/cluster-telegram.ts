// Telegram on a cluster node: the grammY adapter for the bots' sends (every node has every token; a
// bot sends from wherever it lives now) and exactly one poller per listener token in the cluster —
// owned with the partition of the first chat it listens for, so it moves with that partition. A
// person's message goes to the intake (JetStream, to its chat's owner, wherever that is) and is
// confirmed to Telegram only once JetStream has it.
import type { HumanIntake, Logger, Clock } from '../../actors/index.ts';
import type { NodeChange } from './changes.ts';
import { GrammyTelegram, TelegramListener, type TelegramRequest } from '../../transport/index.ts';
import type { Config, TelegramEnv } from '../config/index.ts';

type RealTelegram = Extract<TelegramEnv, { mode: 'telegram' }>;

export interface ClusterTelegramOptions {
  readonly config: Config;
  readonly env: RealTelegram;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The partition of a chat (the cluster bus's). */
  readonly partitionOf: (chatId: string) => number;
  /** Long-poll seconds. Default 10 (a moved poller's old long poll ends sooner). */
  readonly pollSec?: number;
  /** Sees every Bot API request (the metrics). */
  readonly onRequest?: (request: TelegramRequest) => void;
  /** The sealed token of a bot added while running (every node reads it from the database). */
  readonly tokenOf?: (botId: string) => Promise<string | undefined>;
  /** Whether this node holds a partition now (a chat added while running starts its poller there). */
  readonly holds?: (partition: number) => boolean;
}

/** The adapter and the pollers of this node; `up`/`down` follow the node's partitions. */
export function clusterTelegram(o: ClusterTelegramOptions) {
  const { config, env, logger } = o;
  const tokens = new Map(env.tokens);
  const telegram = new GrammyTelegram({
    bots: config.bots.map((b) => ({ botId: b.id, token: env.tokens.get(b.id)!, username: b.handle })),
    chats: [...env.chatIds].map(([chatId, telegramId]) => ({ chatId, telegramId, members: config.chats.find((c) => c.id === chatId)?.members ?? [] })),
    ...(env.apiRoot ? { apiRoot: env.apiRoot } : {}),
    clock: o.clock, logger, limits: config.settings.telegram,
    ...(env.sendKeys ? { sendKeys: true } : {}),
    ...(o.onRequest ? { onRequest: o.onRequest } : {}),
    // Every attempt (a retry after a 429 too) asks whether this node may still act for the chat.
    gate: (chatId) => gate?.(chatId) ?? false,
  });
  // Each chat listens through its first member's token; a token is owned with its first chat's partition.
  const byToken = new Map<string, { home: number; chats: Map<number, string> }>();
  for (const c of config.chats) {
    const token = tokens.get(c.members[0]!)!;
    const entry = byToken.get(token) ?? { home: o.partitionOf(c.id), chats: new Map<number, string>() };
    entry.chats.set(env.chatIds.get(c.id)!, c.id);
    byToken.set(token, entry);
  }
  const running = new Map<string, TelegramListener>();
  let intake: HumanIntake | undefined;
  let gate: ((chatId: string) => boolean) | undefined;

  return {
    telegram,
    /** Where people's messages go (the cluster's intake); set before the first partition comes up. */
    useIntake(i: HumanIntake): void {
      intake = i;
    },
    /** Whether this node may act for a chat now (the cluster's dispatch gate). */
    useGate(g: (chatId: string) => boolean): void {
      gate = g;
    },
    async up(partition: number): Promise<void> {
      for (const [token, { home, chats }] of byToken) {
        if (home !== partition || running.has(token)) continue;
        // Telegram keeps what no poller confirmed: a poller that moves here starts from there (the
        // listener confirms an update only after the intake recorded it).
        const listener = new TelegramListener({
          token, chats, clock: o.clock, logger, timeoutSec: o.pollSec ?? 10,
          ...(env.apiRoot ? { apiRoot: env.apiRoot } : {}),
          ...(env.privateNote ? { privateNote: env.privateNote } : {}),
          intake: {
            record: async (update) => {
              if (!intake) throw new Error('the cluster intake is not ready yet');
              logger.info('intake.update', { chat: update.message.chatId, message: update.message.messageId, update: update.updateId });
              await intake.record(update);
            },
          },
          onStopped: (reason) => logger.error('telegram.listener.stopped-in-cluster', { partition, reason }),
        });
        running.set(token, listener);
        logger.info('telegram.poller.up', { partition, bot: token.split(':')[0], chats: [...chats.values()] });
        await listener.start().catch((e: unknown) => logger.error('telegram.listener.start-failed', { partition, error: e instanceof Error ? e.message : String(e) }));
      }
    },
    async down(partition: number): Promise<void> {
      const stopping: Promise<void>[] = [];
      for (const [token, { home }] of byToken) {
        const l = running.get(token);
        if (home !== partition || !l) continue;
        running.delete(token);
        logger.info('telegram.poller.down', { partition, bot: token.split(':')[0] });
        stopping.push(l.stop());
      }
      await Promise.all(stopping);
    },
    /** Why a command's change cannot run on Telegram (checked before it is stored), or undefined. */
    check(change: NodeChange): string | undefined {
      if (change.kind === 'chat.add' && change.telegramId === undefined) return 'telegramId: required with real Telegram (the Telegram id of the group, a negative number)';
      if (change.kind === 'bot.add' && !change.hasToken && !tokens.has(change.bot.id)) return 'token: required with real Telegram (the bot\'s token from BotFather; it is sealed in the database)';
      return undefined;
    },
    /** A change from a command (here or broadcast), before the actors take it: a new (or enabled) bot's sealed token
     * into the adapter; a new chat into the adapter and heard through its first member's token — by
     * that token's poller wherever it runs, or by a new poller on the owner of the chat's partition. */
    async change(change: NodeChange): Promise<void> {
      if ((change.kind === 'bot.add' || change.kind === 'bot.enable') && !tokens.has(change.bot.id)) {
        const token = await o.tokenOf?.(change.bot.id);
        if (token === undefined) {
          logger.error('telegram.no-token', { bot: change.bot.id, reason: `no token stored for a bot ${change.kind === 'bot.add' ? 'added' : 'enabled'} while running: it cannot send` });
          return;
        }
        tokens.set(change.bot.id, token);
        telegram.addBot({ botId: change.bot.id, token, username: change.bot.handle });
      }
      if (change.kind === 'chat.add' && change.telegramId !== undefined) {
        telegram.addChat({ chatId: change.chat.id, telegramId: change.telegramId, members: change.chat.members });
        const token = change.chat.members.map((id) => tokens.get(id)).find((t) => t !== undefined);
        if (token === undefined) return;
        const entry = byToken.get(token) ?? { home: o.partitionOf(change.chat.id), chats: new Map<number, string>() };
        entry.chats.set(change.telegramId, change.chat.id);
        byToken.set(token, entry);
        const listener = running.get(token);
        if (listener) listener.listenTo(change.telegramId, change.chat.id);
        else if (o.holds?.(entry.home)) await this.up(entry.home);
      }
    },
    /** Pollers running here. */
    get pollers(): number {
      return running.size;
    },
  };
}
