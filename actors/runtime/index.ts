// The typed actor runtime over nact: the only part of actors/ that touches nact.
export * from './types.ts';
export { ActorSystem, simpleSupervision } from './system.ts';
export type { ActorSystemOptions, SpawnAt } from './system.ts';
export type { DeliveryOutcome } from './cell.ts';
