// The live transcript printed by `piyasa start`: time in the chat's timezone, speaker, reply-to,
// text and mood — one line per delivered message, reaction or human message.
import type { ChatMessage, HumanMessage } from '../../actors/index.ts';

export interface TranscriptLine {
  readonly at: number;
  readonly chat: string;
  readonly speaker: string;
  readonly messageId: number;
  readonly text: string;
  readonly replyTo?: number;
  readonly replyToSpeaker?: string;
  readonly mood?: string;
  readonly reaction?: boolean;
  readonly human?: boolean;
}

const color = (code: number, s: string, on: boolean): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Format one transcript line; `tz` is the chat's timezone. */
export function formatLine(l: TranscriptLine, tz: string, ansi: boolean): string {
  const time = new Date(l.at).toLocaleTimeString('tr-TR', { timeZone: tz, hour12: false });
  const who = color(l.human ? 33 : 36, l.speaker.padEnd(16), ansi);
  const id = color(90, `#${String(l.messageId).padEnd(4)}`, ansi);
  const reply = l.replyTo !== undefined ? color(90, `↳ #${l.replyTo}${l.replyToSpeaker ? ` ${l.replyToSpeaker}` : ''} `, ansi) : '';
  const text = l.reaction ? `reacted ${l.text}` : l.text;
  const mood = l.mood ? color(90, `  [${l.mood}]`, ansi) : '';
  return `${color(90, time, ansi)} ${l.reaction ? color(90, '    ', ansi) : id} ${who} ${reply}${text}${mood}`;
}

/** Remembers who wrote which message id per chat, so replies can name their target. */
export class SpeakerIndex {
  private readonly byChat = new Map<string, Map<number, string>>();
  note(chat: string, messageId: number, speaker: string): void {
    let m = this.byChat.get(chat);
    if (!m) this.byChat.set(chat, (m = new Map()));
    m.set(messageId, speaker);
    if (m.size > 5_000) m.delete(m.keys().next().value!);
  }
  speaker(chat: string, messageId: number | undefined): string | undefined {
    return messageId === undefined ? undefined : this.byChat.get(chat)?.get(messageId);
  }
}

export function humanLine(h: HumanMessage): TranscriptLine {
  return { at: h.at, chat: h.chatId, speaker: h.username, messageId: h.messageId, text: h.text, human: true, ...(h.replyTo !== undefined ? { replyTo: h.replyTo } : {}) };
}

export function messageLine(m: ChatMessage, mood?: string): TranscriptLine {
  return {
    at: m.at, chat: m.chatId, speaker: m.speaker, messageId: m.messageId, text: m.text,
    ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}), ...(mood ? { mood } : {}), ...(m.reaction ? { reaction: true } : {}),
  };
}
