// In-memory stores implementing the persistence ports, for tests and the offline single node.
export * from './bot-state.ts';
export * from './transcript.ts';
export * from './dead-letters.ts';
export * from './outbox.ts';
export * from './bot-memories.ts';
export * from './intake.ts';
export * from './shared-state.ts';
