// The command bodies the console sends, in one place: the same JSON a script sends with
// `piyasa cmd` over NATS, so a click and a script take the one path through the command service.
import { api } from './api.ts';

export const commands = {
  pause: (chat: string) => api.chat(chat, { cmd: 'pause' }),
  resume: (chat: string) => api.chat(chat, { cmd: 'resume' }),
  status: (chat: string) => api.chat(chat, { cmd: 'status' }),
  pace: (chat: string, perMinute: unknown) => api.chat(chat, { cmd: 'pace', perMinute }),
  say: (chat: string, bot: string, text: string) => api.chat(chat, { cmd: 'say', bot, text }),
  news: (chat: string, headline: string, symbols: unknown, impact: unknown) => api.chat(chat, { cmd: 'news', headline, symbols, impact }),
  addBot: (bot: Record<string, unknown>) => api.cluster({ cmd: 'bots.add', bot }),
  updateBot: (bot: Record<string, unknown>) => api.cluster({ cmd: 'bots.update', bot }),
  enableBot: (id: string, enabled: boolean) => api.cluster({ cmd: enabled ? 'bots.enable' : 'bots.disable', bot: id }),
  removeBot: (id: string) => api.cluster({ cmd: 'bots.remove', bot: id }),
  addMemory: (bot: string, memory: Record<string, unknown>) => api.cluster({ cmd: 'memories.add', bot, memory }),
  removeMemory: (bot: string, id: number) => api.cluster({ cmd: 'memories.remove', bot, id }),
  addChat: (chat: Record<string, unknown>) => api.cluster({ cmd: 'chats.add', chat }),
  removeChat: (id: string) => api.cluster({ cmd: 'chats.remove', chat: id }),
  addMember: (chat: string, bot: string) => api.cluster({ cmd: 'members.add', chat, bot }),
  setting: (key: string, value: unknown) => api.cluster({ cmd: 'settings.set', key, value }),
};
