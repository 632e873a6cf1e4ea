// Where command changes are kept: PostgreSQL's catalog tables (tokens sealed under PIYASA_TOKEN_KEY),
// or nowhere (the in-memory demo, `--memory`): the running swarm changes, the next start forgets.
import type { Persona } from '../../actors/index.ts';
import type { Catalog } from '../../persistence/index.ts';
import type { ChatSpec } from '../config/index.ts';
import { putSetting } from '../db/storage.ts';
import type { CatalogStore } from './types.ts';

const NO_KEY = 'token: a bot token is kept only in a database, sealed under PIYASA_TOKEN_KEY (set both)';

/** Keeps nothing: for a node without a database. */
export function memoryCatalogStore(): CatalogStore {
  const nothing = async (): Promise<void> => {};
  return {
    durable: false,
    sealsTokens: false,
    saveBot: nothing, removeBot: nothing, saveChat: nothing, removeChat: nothing, addMember: nothing, removeMember: nothing, putSetting: nothing,
    async saveToken() {
      throw new Error(NO_KEY);
    },
  };
}

/** The catalog tables; `sealToken` keeps a token sealed (the storage's, which refuses without a key).
 * `now` stamps new bot states. */
export function pgCatalogStore(catalog: Catalog, now: () => number, sealToken?: (botId: string, token: string) => Promise<void>): CatalogStore {
  return {
    durable: true,
    sealsTokens: sealToken !== undefined,
    saveBot: (bot: Persona) => catalog.saveBot(bot, now()),
    removeBot: (botId) => catalog.removeBot(botId),
    saveChat: (chat: ChatSpec) => catalog.saveChat(chat, now()),
    removeChat: (chatId) => catalog.removeChat(chatId),
    addMember: (chatId, botId) => catalog.addMember(chatId, botId),
    removeMember: (chatId, botId) => catalog.removeMember(chatId, botId),
    putSetting: (key, value) => putSetting(catalog, key, value),
    async saveToken(botId, token) {
      if (!sealToken) throw new Error(NO_KEY);
      await sealToken(botId, token);
    },
  };
}
