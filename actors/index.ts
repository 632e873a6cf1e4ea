// Public face of actors/: ports, errors, the pure domain, the runtime and the bot/chat actors.
export * from './ports.ts';
export * from './errors.ts';
export * from './domain/types.ts';
export * from './domain/rng.ts';
export * from './domain/dedup.ts';
export * from './domain/index.ts';
export * from './runtime/index.ts';
export * from './messages.ts';
export * from './market.ts';
export * from './bot.ts';
export * from './chat/state.ts';
export * from './chat/step.ts';
export * from './chat/actor.ts';
export * from './domain/dedup-window.ts';
export * from './domain/recall.ts';
export { symbolTopic, MAX_QUEUED_SAYS, NEWS_TURNS } from './chat/commands.ts';
