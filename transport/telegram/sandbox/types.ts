// The sandbox's wire shapes: the parts of Telegram's Bot API objects the sandbox produces (User,
// Chat, Message, Update, the error envelope), and the events its web page receives.

export interface TgUser {
  readonly id: number;
  readonly is_bot: boolean;
  readonly first_name: string;
  readonly username?: string;
}

export interface TgChat {
  readonly id: number;
  readonly type: 'supergroup' | 'private';
  readonly title?: string;
  readonly first_name?: string;
}

export interface TgMessage {
  readonly message_id: number;
  readonly from: TgUser;
  readonly chat: TgChat;
  /** Unix seconds, as Telegram sends it. */
  readonly date: number;
  readonly text: string;
  readonly reply_to_message?: TgMessage;
  readonly edit_date?: number;
}

/** A Bot API update; `raw` updates injected by tests may be anything. */
export interface TgUpdate {
  readonly update_id: number;
  readonly message?: TgMessage;
  readonly edited_message?: TgMessage;
  readonly [other: string]: unknown;
}

export type ApiResult =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error_code: number; readonly description: string; readonly parameters?: { readonly retry_after?: number } };

/** A message as the web page shows it. */
export interface MessageView {
  readonly chatId: number;
  readonly id: number;
  readonly fromId: number;
  readonly name: string;
  readonly username?: string;
  readonly isBot: boolean;
  readonly text: string;
  readonly replyTo?: number;
  /** Epoch ms. */
  readonly at: number;
  readonly edited: boolean;
  /** emoji → names of who set it. */
  readonly reactions: Readonly<Record<string, readonly string[]>>;
}

/** What the node reports about a bot for its card on the page (mood, P&L). */
export interface BotCard {
  readonly username: string;
  readonly name: string;
  readonly mood?: string;
  /** Portfolio P&L in percent of cost, at the simulator's prices. */
  readonly pnlPct?: number;
  readonly sentLastHour?: number;
  /** Why the bot is out of the chat (revoked, removed), if it is. */
  readonly down?: string;
}

export interface ChatView {
  readonly id: number;
  readonly title: string;
  readonly bots: readonly string[];
}

export type SandboxEvent =
  | { readonly type: 'message'; readonly message: MessageView }
  | { readonly type: 'edit'; readonly message: MessageView }
  | { readonly type: 'reaction'; readonly message: MessageView }
  | { readonly type: 'typing'; readonly chatId: number; readonly username: string; readonly name: string; readonly until: number }
  | { readonly type: 'cards'; readonly cards: readonly BotCard[] };

export interface SandboxSnapshot {
  readonly chats: readonly ChatView[];
  readonly messages: readonly MessageView[];
  readonly cards: readonly BotCard[];
  readonly typing: readonly Extract<SandboxEvent, { type: 'typing' }>[];
}
