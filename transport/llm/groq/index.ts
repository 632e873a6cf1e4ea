// Public face of the Groq part: the groq-sdk adapter, the layers around it (retry, breaker, quota),
// the router that implements LlmPort with model tiers and the offline fallback, and the local
// Groq-compatible server tests and benchmarks run against.
export * from './types.ts';
export * from './adapter.ts';
export * from './quota.ts';
export * from './server.ts';
export * from './retry.ts';
export * from './breaker.ts';
export * from './quota-layer.ts';
export * from './prompt.ts';
export * from './sanitize.ts';
export * from './router.ts';
export * from './llm.ts';
export * from './observe.ts';
export { fakeReply } from './server-reply.ts';
export * from './quota-book.ts';
