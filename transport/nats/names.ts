// Every name the cluster uses on NATS, made from one prefix (so a test can run its own cluster on a
// shared server): subjects of entity traffic per partition, the JetStream stream and its consumers,
// the lease bucket, heartbeats. Events keep the contract's `piyasa.` subjects under the default prefix.
import type { EntityAddress } from '../../actors/index.ts';

const PREFIX = /^[A-Za-z0-9_-]{1,32}$/;

export interface ClusterNames {
  /** First subject token of everything: `piyasa` by default. */
  readonly prefix: string;
  /** The JetStream stream of durable entity messages. */
  readonly stream: string;
  /** The KV bucket of partition leases. */
  readonly leases: string;
  /** Subjects the stream captures. */
  readonly streamSubjects: string;
  /** Fire-and-forget message to an entity (core NATS; the partition's owner subscribes). */
  send(partition: number, to: EntityAddress): string;
  sends(partition: number): string;
  /** Durable message to an entity (JetStream; the owner consumes the partition's consumer). */
  durable(partition: number, to: EntityAddress): string;
  durables(partition: number): string;
  /** Request to an entity's owner (core request/reply). */
  request(partition: number, to: EntityAddress): string;
  requests(partition: number): string;
  /** The durable consumer of a partition. */
  consumer(partition: number): string;
  heartbeat(node: string): string;
  readonly heartbeats: string;
  /** A node answers here while it lives (the probe before a takeover). */
  ping(node: string): string;
  /** Dead letters are published here (and kept by the node that made them). */
  readonly deadLetters: string;
  /** A contract subject (`piyasa.chat.<id>.said`) under this prefix. */
  event(subject: string): string;
}

/** Names under `prefix` (letters, digits, `_`, `-`). */
export function clusterNames(prefix = 'piyasa'): ClusterNames {
  if (!PREFIX.test(prefix)) throw new Error(`cluster prefix: letters, digits, "_" and "-" only, at most 32 (got "${prefix}")`);
  const up = prefix.toUpperCase().replace(/-/g, '_');
  const entity = (to: EntityAddress) => `${to.kind}.${to.id}`;
  return {
    prefix,
    stream: `${up}_BUS`,
    leases: `${prefix.replace(/-/g, '_')}_leases`,
    streamSubjects: `${prefix}.d.>`,
    send: (p, to) => `${prefix}.p.${p}.${entity(to)}`,
    sends: (p) => `${prefix}.p.${p}.>`,
    durable: (p, to) => `${prefix}.d.${p}.${entity(to)}`,
    durables: (p) => `${prefix}.d.${p}.>`,
    request: (p, to) => `${prefix}.q.${p}.${entity(to)}`,
    requests: (p) => `${prefix}.q.${p}.>`,
    consumer: (p) => `p${String(p).padStart(2, '0')}`,
    heartbeat: (node) => `${prefix}.hb.${node}`,
    heartbeats: `${prefix}.hb.*`,
    ping: (node) => `${prefix}.ping.${node}`,
    deadLetters: `${prefix}.dlq`,
    event: (subject) => (prefix === 'piyasa' ? subject : subject.replace(/^piyasa\./, `${prefix}.`)),
  };
}

/** The entity a subject names (`<prefix>.<p|d|q>.<partition>.<kind>.<id>`), or why it names none. */
export function entityOf(subject: string): { partition: number; to: EntityAddress } | { error: string } {
  const t = subject.split('.');
  if (t.length !== 5) return { error: 'not an entity subject' };
  const partition = Number(t[2]);
  const kind = t[3];
  if (!Number.isInteger(partition) || partition < 0) return { error: `bad partition "${t[2]}"` };
  if (kind !== 'bot' && kind !== 'chat') return { error: `unknown entity kind "${kind}"` };
  if (!t[4]) return { error: 'no entity id' };
  return { partition, to: { kind, id: t[4] } };
}
