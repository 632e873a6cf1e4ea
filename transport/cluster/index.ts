// Public face of transport/cluster: where entities live (partitions, placement) and who owns them.
export * from './placement.ts';
