// Public face of the pure domain: re-exports each module (one line per module, append only).
export * from './hours.ts';
export * from './emotion.ts';
export * from './market.ts';
export * from './pacing.ts';
export * from './budget.ts';
export * from './content.ts';
export * from './topic.ts';
export * from './reaction.ts';
export * from './director.ts';
export * from './portfolio.ts';
export * from './reading.ts';
