// In-memory transport fakes that record their calls, and the fault-injecting decorator.
export * from './call-log.ts';
export * from './telegram.ts';
export * from './bus.ts';
export * from './llm.ts';
export * from './faulty.ts';
export * from './clock.ts';
export * from './lease-kv.ts';
