// Where command changes are kept: PostgreSQL's catalog tables (tokens sealed under PIYASA_TOKEN_KEY),
// or nowhere (the in-memory demo, `--memory`): the running swarm changes, the next start forgets.
// Operators' memories go where the bots' recall reads them: the memories table, or the node's
// in-memory store.
import type { BotMemoryStore, Persona } from '../../actors/index.ts';
import { MemoryBotMemories, type Catalog } from '../../persistence/index.ts';
import type { ChatSpec } from '../config/index.ts';
import { putSetting } from '../db/storage.ts';
import type { CatalogStore } from './types.ts';

const NO_KEY = 'token: a bot token is kept only in a database, sealed under PIYASA_TOKEN_KEY (set both)';
const NO_MEMORIES = 'memory: this node keeps no memories (it runs without a database or a memory store)';

/** Keeps nothing but memories, in `nodeMemories` when it is the in-memory store (the node's, whose
 * recall the bots use): for a node without a database. */
export function memoryCatalogStore(nodeMemories?: BotMemoryStore): CatalogStore {
  const memories = nodeMemories instanceof MemoryBotMemories ? nodeMemories : undefined;
  const nothing = async (): Promise<void> => {};
  return {
    durable: false,
    sealsTokens: false,
    keepsMemories: memories !== undefined,
    saveBot: nothing, removeBot: nothing, disableBot: nothing, enableBot: nothing, saveChat: nothing, removeChat: nothing, addMember: nothing, removeMember: nothing, putSetting: nothing,
    async saveToken() {
      throw new Error(NO_KEY);
    },
    async addMemory(m) {
      if (!memories) throw new Error(NO_MEMORIES);
      return memories.remember(m);
    },
    async removeMemory(botId, id) {
      if (!memories) throw new Error(NO_MEMORIES);
      return memories.forget(botId, id);
    },
  };
}

/** The catalog tables; `sealToken` keeps a token sealed (the storage's, which refuses without a key).
 * `now` stamps new bot states. */
export function pgCatalogStore(catalog: Catalog, now: () => number, sealToken?: (botId: string, token: string) => Promise<void>): CatalogStore {
  return {
    durable: true,
    sealsTokens: sealToken !== undefined,
    keepsMemories: true,
    saveBot: (bot: Persona) => catalog.saveBot(bot, now()),
    removeBot: (botId) => catalog.removeBot(botId),
    disableBot: (botId) => catalog.disableBot(botId),
    enableBot: (botId) => catalog.enableBot(botId),
    saveChat: (chat: ChatSpec) => catalog.saveChat(chat, now()),
    removeChat: (chatId) => catalog.removeChat(chatId),
    addMember: (chatId, botId) => catalog.addMember(chatId, botId),
    removeMember: (chatId, botId) => catalog.removeMember(chatId, botId),
    putSetting: (key, value) => putSetting(catalog, key, value),
    addMemory: (m) => catalog.addMemory(m),
    removeMemory: (botId, id) => catalog.removeMemory(botId, id),
    async saveToken(botId, token) {
      if (!sealToken) throw new Error(NO_KEY);
      await sealToken(botId, token);
    },
  };
}
