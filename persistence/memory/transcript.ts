// In-memory TranscriptStore: each chat's messages in append order, stored as frozen copies.
import type { ChatMessage, TranscriptStore } from '../../actors/index.ts';

/** Transcripts per chat, in the order the chat actor appended them. */
export class MemoryTranscriptStore implements TranscriptStore {
  private readonly chats = new Map<string, ChatMessage[]>();
  /** Trace id of each message appended with one, by `chat:messageId` (unbounded stores only; tests read it). */
  readonly traceIds = new Map<string, string>();

  /** `keep`: the newest messages kept per chat (unbounded by default; bounded for long runs). */
  constructor(private readonly opts: { keep?: number } = {}) {}

  async append(message: ChatMessage, traceId?: string): Promise<void> {
    if (traceId && this.opts.keep === undefined) this.traceIds.set(`${message.chatId}:${message.messageId}`, traceId);
    let lines = this.chats.get(message.chatId);
    if (!lines) this.chats.set(message.chatId, (lines = []));
    lines.push(Object.freeze({ ...message })); // flat: a shallow copy is a full copy
    const keep = this.opts.keep;
    if (keep !== undefined && lines.length > 2 * keep) lines.splice(0, lines.length - keep);
  }

  async edit(chatId: string, messageId: number, text: string, userId: number): Promise<void> {
    const lines = this.chats.get(chatId) ?? [];
    const i = lines.findIndex((m) => m.messageId === messageId && m.botId === null && m.userId === userId);
    if (i >= 0) lines[i] = Object.freeze({ ...lines[i]!, text });
  }

  /** The last `limit` messages of a chat, oldest first (newest last). */
  async recent(chatId: string, limit: number): Promise<readonly ChatMessage[]> {
    return limit > 0 ? this.all(chatId).slice(-limit) : [];
  }

  /** Every message of a chat, in order. */
  all(chatId: string): readonly ChatMessage[] {
    return [...(this.chats.get(chatId) ?? [])];
  }
}
