export * from './memory/index.ts';
export * from './clock.ts';
export * from './breaker.ts';
export * from './memory/clock.ts';
export * from './llm/offline/index.ts';
export * from './llm/groq/index.ts';
export * from './telegram/index.ts';
export * from './nats/index.ts';
