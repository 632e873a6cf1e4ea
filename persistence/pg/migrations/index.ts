// Every migration, in order. Listed here (not discovered from files) so they run the same from
// source under tsx and from any other build.
import { ConsoleSchema } from './console.ts';
import { InitialSchema } from './initial.ts';
import { IntakeSchema } from './intake.ts';
import { ClusterSharedState } from './cluster-shared.ts';
import { ClusterFences } from './cluster.ts';
import { BotsRemoved } from './bots-removed.ts';
import { OutboxInFlight } from './outbox-in-flight.ts';

export const MIGRATIONS = [
  { name: 'Migration20261201000000_initial', class: InitialSchema },
  { name: 'Migration20261204000000_cluster_shared', class: ClusterSharedState },
  { name: 'Migration20261204100000_cluster_fences', class: ClusterFences },
  { name: 'Migration20261204200000_intake', class: IntakeSchema },
  { name: 'Migration20261204300000_console', class: ConsoleSchema },
  { name: 'Migration20261205000000_bots_removed', class: BotsRemoved },
  { name: 'Migration20261206000000_outbox_in_flight', class: OutboxInFlight },
];
