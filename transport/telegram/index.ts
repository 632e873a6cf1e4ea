// Public face of the Telegram adapter (grammY) and its local Bot API sandbox.
export { GrammyTelegram, type GrammyTelegramOptions, type TelegramBotSpec, type TelegramChatSpec } from './adapter.ts';
export { TelegramListener, type ListenerOptions } from './listener.ts';
export {
  CircuitBreaker, DEFAULT_BREAKER, DEFAULT_RETRY, limitsTransformer, retryAfterTransformer,
  type BreakerOptions as TelegramBreakerOptions, type RetryOptions as TelegramRetryOptions,
} from './chain.ts';
export { redactTokens, toTyped, TelegramFatal } from './errors.ts';
export { countTransformer, traceTransformer, type TelegramRequest } from './observe.ts';
export { parseUpdate, cleanText, type Verdict, type SkipReason } from './parse.ts';
export { botApiFetch } from './fetch.ts';
export * from './sandbox/index.ts';
