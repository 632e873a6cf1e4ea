// Where command changes are kept: PostgreSQL's catalog tables (tokens sealed under PIYASA_TOKEN_KEY),
// or nowhere (the in-memory demo, `--memory`): the running swarm changes, the next start forgets.
import type { Persona } from '../../actors/index.ts';
import type { Catalog } from '../../persistence/index.ts';
import type { ChatSpec } from '../config/index.ts';
import { putSetting } from '../db/storage.ts';
import type { CatalogStore } from './types.ts';

/** Keeps nothing: for a node without a database. */
export function memoryCatalogStore(): CatalogStore {
  const nothing = async (): Promise<void> => {};
  return {
    durable: false,
    saveBot: nothing, removeBot: nothing, saveChat: nothing, removeChat: nothing, addMember: nothing, putSetting: nothing,
    async saveToken() {
      throw new Error('token: a bot token can only be kept with a database and PIYASA_TOKEN_KEY');
    },
  };
}

/** The catalog tables; `tokenKey` seals tokens (without it a token is refused). `now` stamps new bot states. */
export function pgCatalogStore(catalog: Catalog, tokenKey: Buffer | undefined, now: () => number): CatalogStore {
  return {
    durable: true,
    saveBot: (bot: Persona) => catalog.saveBot(bot, now()),
    removeBot: (botId) => catalog.removeBot(botId),
    saveChat: (chat: ChatSpec) => catalog.saveChat(chat, now()),
    removeChat: (chatId) => catalog.removeChat(chatId),
    addMember: (chatId, botId) => catalog.addMember(chatId, botId),
    putSetting: (key, value) => putSetting(catalog, key, value),
    async saveToken(botId, token) {
      if (!tokenKey) throw new Error('token: set PIYASA_TOKEN_KEY to keep bot tokens (they are sealed in the database)');
      await catalog.setToken(botId, token, tokenKey);
    },
  };
}
