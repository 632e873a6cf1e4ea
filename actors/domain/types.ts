// The domain's plain data: personas, chats, messages, emotion, market quotes and settings.
// Everything here is serialisable (no functions, no class instances) so it can cross NATS later.

/** Emotion as three numbers: valence (-1 sad/angry … +1 happy), arousal (0 calm … 1 excited),
 * confidence (0 unsure … 1 certain). */
export interface Emotion {
  readonly valence: number;
  readonly arousal: number;
  readonly confidence: number;
}

export type RiskProfile = 'low' | 'medium' | 'high';
export type LengthPreference = 'short' | 'medium' | 'long';

export interface PersonaStyle {
  /** Probability that a message carries an emoji (0…1). */
  readonly emojiRate: number;
  /** The persona's own emoji, drawn from when it uses one. */
  readonly emojis: readonly string[];
  readonly length: LengthPreference;
  /** Probability of slang/abbreviations per message (0…1). */
  readonly slangRate: number;
  /** Probability of a small typo per message (0…1). */
  readonly typoRate: number;
}

export interface PersonaSpeed {
  /** Reading speed in characters per second (read delay before typing starts). */
  readonly readCps: number;
  /** Typing speed in words per minute. */
  readonly typingWpm: number;
  /** 0…1: how eager the persona is to take the floor. */
  readonly talkativeness: number;
  /** Mean seconds between this persona's unprompted posts before chat scaling (old system base_delay_seconds). */
  readonly baseDelaySec: number;
  /** Multiplier on the mean delay (old system delay_multiplier). */
  readonly delayMultiplier: number;
}

export interface Stance {
  readonly topic: string;
  readonly text: string;
  /** 0…1 */
  readonly confidence: number;
  /** Epoch ms; while in the future the topic is not chosen and the stance must not flip. */
  readonly cooldownUntil?: number;
}

export interface Holding {
  readonly symbol: string;
  readonly avgPrice: number;
  readonly size: number;
  readonly note?: string;
}

export interface Persona {
  readonly id: string;
  readonly name: string;
  /** Telegram @username without the @. */
  readonly handle: string;
  readonly language: string;
  readonly tone: string;
  readonly risk: RiskProfile;
  readonly watchlist: readonly string[];
  readonly neverDo: readonly string[];
  readonly style: PersonaStyle;
  readonly signaturePhrases: readonly string[];
  readonly anecdotes: readonly string[];
  /** Other languages the persona writes (a person asking in one gets an answer in it). */
  readonly alsoSpeaks?: readonly string[];
  /** A few lines in the persona's own voice, shown to the LLM as examples of how it writes. */
  readonly examples?: readonly string[];
  readonly speed: PersonaSpeed;
  /** "HH:MM-HH:MM" ranges in the chat's timezone; empty means always active. Ranges may cross midnight. */
  readonly activeHours: readonly string[];
  readonly emotionBaseline: Emotion;
  readonly stances: readonly Stance[];
  readonly holdings: readonly Holding[];
  /** Per-bot hourly message limit (rolling 60 minutes), reactions included. */
  readonly hourlyLimit: number;
  /** Minimum seconds between two messages of this bot in any chat. */
  readonly minGapSec: number;
}

export interface ChatConfig {
  readonly id: string;
  readonly title: string;
  /** IANA timezone for active/prime hours and time-of-day phrasing. */
  readonly timezone: string;
  readonly topics: readonly string[];
  /** Bot ids that are members of this chat. */
  readonly members: readonly string[];
  /** Multiplies the chat's pace (2 = twice as many messages). */
  readonly paceScale: number;
  readonly primeHours: readonly string[];
}

/** One line of a chat's transcript as the chat actor knows it. */
export interface ChatMessage {
  /** Per-chat sequence assigned by the chat actor (the only sequencer of its chat). */
  readonly seq: number;
  readonly chatId: string;
  /** Telegram message id (unique within the chat). */
  readonly messageId: number;
  /** null for humans. */
  readonly botId: string | null;
  /** Display name of the speaker (persona name or the human's username). */
  readonly speaker: string;
  /** A person's Telegram user id (people only): their edits change only their own lines. */
  readonly userId?: number;
  readonly text: string;
  /** Telegram message id this message replies to. */
  readonly replyTo?: number;
  /** A person's reply to a bot's message: that bot's Telegram username, as Telegram told it. The reply
   * addresses the bot even when the chat does not have the message (older than its transcript, or a
   * send whose answer was lost). Not stored with the transcript. */
  readonly replyToHandle?: string;
  readonly at: number;
  readonly topic?: string;
  /** An emoji reaction put on `replyTo` instead of a text message. */
  readonly reaction?: boolean;
}

export interface Quote {
  readonly symbol: string;
  readonly price: number;
  /** Change since the session open, as a fraction (0.012 = +1.2 %). */
  readonly changePct: number;
  /** Change over the last few minutes, as a fraction. */
  readonly movePct: number;
  readonly open: boolean;
}

export interface NewsItem {
  readonly id: string;
  readonly headline: string;
  readonly symbols: readonly string[];
  /** -1 … +1: direction and size of the shock. */
  readonly impact: number;
  readonly at: number;
}

export interface MarketSnapshot {
  readonly at: number;
  readonly quotes: Readonly<Record<string, Quote>>;
  readonly news: readonly NewsItem[];
}

export interface HoldingView extends Holding {
  readonly price: number;
  /** Unrealised P&L as a fraction of cost. */
  readonly pnlPct: number;
}
