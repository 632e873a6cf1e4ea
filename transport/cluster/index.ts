// Public face of transport/cluster: where entities live (partitions, placement) and who owns them.
export * from './placement.ts';
export * from './lease-kv.ts';
export * from './membership.ts';
export * from './ownership.ts';
export * from './dispatch.ts';
