// The contract of the command handlers: one implementation behind every way in — NATS request/reply
// (`piyasa.chat.<id>.cmd`, `piyasa.cmd`), the sandbox page's buttons and the operator console. Each
// way in parses its transport and calls these; none validates or applies a command itself.
import type { BotStatus, ChatCommand, CommandReply, NewBotMemory, Persona } from '../../actors/index.ts';
import type { ChatSpec, Config } from '../config/index.ts';
import type { ChangeResult, NodeChange } from '../root/changes.ts';

/** Who sent a command, for the log line of every command that changes something. */
export interface CommandCaller {
  /** The NATS user (`<account>/<user>` as the server vouches for it, see infra/commands/nats.ts), the
   * console user, or "sandbox" for the demo page. */
  readonly user: string;
  readonly via: 'nats' | 'console' | 'sandbox' | 'cli';
}

export interface CommandService {
  /** A chat command (`{"cmd": "pause"}` …) for `chatId`, answered by that chat's one actor wherever it
   * lives. `body` is untrusted JSON — text, bytes or an already parsed value: a malformed one is
   * answered `{ ok: false, error }`, never thrown. */
  chat(chatId: string, body: unknown, caller: CommandCaller): Promise<CommandReply>;
  /** A cluster command (`status`, `bots.add`, `chats.add`, `settings.set` …). Same rules. */
  cluster(body: unknown, caller: CommandCaller): Promise<CommandReply>;
}

/** A node's place in the cluster, as its membership sees it. */
export interface NodeView {
  readonly id: string;
  /** Partitions it owns now. */
  readonly partitions: readonly number[];
}

/** What the command handlers need of the node they run on. A cluster node (cluster-core) implements
 * it with its membership and its `command`, which reaches a chat's owner wherever it runs. */
export interface CommandNode {
  /** This node's id (PIYASA_NODE_ID). */
  readonly id: string;
  /** Partitions of the cluster (all of them are this node's when it runs alone). */
  readonly partitions: number;
  /** A chat command, answered by the chat's actor (on its owner node). */
  command(chatId: string, command: ChatCommand): Promise<CommandReply>;
  /** A bot's mood and budget, when it runs where this node can ask it. */
  botStatus(botId: string): Promise<BotStatus | undefined>;
  /** The bots, chats and settings the swarm runs now. */
  catalog(): Config;
  /** Why this node cannot take `change` (checked before it is stored), or undefined. */
  check?(change: NodeChange): string | undefined;
  /** Applies a change to what this node runs. */
  apply(change: NodeChange): Promise<ChangeResult>;
  /** Tells every other node of the cluster to apply `change` too (nothing on a lone node). */
  broadcast(change: NodeChange): void;
  /** The live nodes and their partitions; absent on a lone node. */
  members?(): Promise<readonly NodeView[]>;
  /** Actors running on this node. */
  hosted(): { readonly bots: number; readonly chats: number };
  /** What the LLM used so far (requests, tokens per model), when it counts. */
  llmUsage?(): object | undefined;
}

/** Where the catalog changes of commands are kept (PostgreSQL; nothing without a database), and the
 * memories operators add (PostgreSQL, or the in-memory store of `--memory`). */
export interface CatalogStore {
  /** False when changes are not kept beyond this run (no database). */
  readonly durable: boolean;
  /** Bot tokens can be kept (a database and PIYASA_TOKEN_KEY). */
  readonly sealsTokens: boolean;
  saveBot(bot: Persona): Promise<void>;
  /** Seals a bot's token; throws a one-line Error when it cannot be kept (no key, no database). */
  saveToken(botId: string, token: string): Promise<void>;
  removeBot(botId: string): Promise<void>;
  /** Keeps a bot off, with its memberships, state and memories (a restart keeps it off). */
  disableBot(botId: string): Promise<void>;
  /** A disabled or removed bot on again. */
  enableBot(botId: string): Promise<void>;
  saveChat(chat: ChatSpec): Promise<void>;
  removeChat(chatId: string): Promise<void>;
  addMember(chatId: string, botId: string): Promise<void>;
  removeMember(chatId: string, botId: string): Promise<void>;
  putSetting(key: string, value: unknown): Promise<void>;
  /** The bots' memories can be added and forgotten here (false: the node keeps none). */
  readonly keepsMemories: boolean;
  /** An operator's memory of a bot, written before it resolves (its recall sees it); its id. */
  addMemory(memory: NewBotMemory): Promise<number>;
  /** Forgets memory `id` of `botId`; false when that bot has no such memory. */
  removeMemory(botId: string, id: number): Promise<boolean>;
}
