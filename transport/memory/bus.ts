// In-process bus: entity addressing over fixed partitions, delivered synchronously to the one local
// host of each kind, and NATS-style subject events. Records sends, publishes and undeliverables.
import { fnv1a } from '../../actors/index.ts';
import type {
  BusHandler, BusPort, Clock, EntityAddress, EntityKind, EventHandler, SendOptions,
} from '../../actors/index.ts';
import { CallLog, type CallRecord } from './call-log.ts';

export interface SendRecord {
  readonly to: EntityAddress;
  readonly message: unknown;
  readonly at: number;
  readonly options?: SendOptions;
  /** Why a durable handler failed (undeliverable records only). */
  readonly error?: string;
}

export interface PublishRecord {
  readonly subject: string;
  readonly payload: unknown;
  readonly at: number;
}

export interface MemoryBusOptions {
  /** Number of partitions entities are hashed into. Default 64. */
  readonly partitions?: number;
  /** Stamps the records; without one every `at` is 0. */
  readonly clock?: Pick<Clock, 'now'>;
  /** Keep records of sends, publishes and calls (tests). Default true; off for long runs, whose
   * memory would otherwise grow with every message. Undeliverable sends are always kept. */
  readonly record?: boolean;
}

/** NATS subject matching: tokens split on '.', `*` matches one token, a final `>` one or more. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>' && i === p.length - 1) return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** A BusPort for one process. A send with no host for its kind is recorded in `undeliverable`
 * and otherwise ignored (fire and forget, as over NATS). */
export class MemoryBus implements BusPort {
  readonly partitions: number;
  readonly sends: SendRecord[] = [];
  readonly published: PublishRecord[] = [];
  readonly undeliverable: SendRecord[] = [];
  private readonly log: CallLog;
  private readonly clock: Pick<Clock, 'now'> | undefined;
  private readonly hosts = new Map<EntityKind, BusHandler>();
  private readonly subscriptions = new Set<{ pattern: string; handler: EventHandler }>();

  private readonly recording: boolean;

  constructor({ partitions = 64, clock, record = true }: MemoryBusOptions = {}) {
    this.partitions = partitions;
    this.recording = record;
    this.clock = clock;
    this.log = new CallLog(clock);
  }

  get calls(): readonly CallRecord[] {
    return this.log.calls;
  }

  partitionOf(address: EntityAddress): number {
    return fnv1a(`${address.kind}:${address.id}`) % this.partitions;
  }

  send(to: EntityAddress, message: unknown, options?: SendOptions): void {
    const host = this.hosts.get(to.kind);
    if (this.recording) {
      this.log.record('send', options ? [to, message, options] : [to, message]);
      this.sends.push({ to, message, at: this.now(), ...(options ? { options } : {}) });
    }
    if (!host) {
      this.undeliverable.push({ to, message, at: this.now(), ...(options ? { options } : {}) });
      return;
    }
    if (!options) {
      host(to, message);
      return;
    }
    const envelope = { deliveries: 1, ...(options.id !== undefined ? { id: options.id } : {}), ...(options.trace ? { trace: options.trace } : {}) };
    const done = host(to, message, envelope);
    // In one process nothing is redelivered; a durable handler's failure is at least not silent.
    if (done) done.catch((error: unknown) => this.undeliverable.push({ to, message, at: this.now(), options, error: String(error) }));
  }

  /** One host per kind in a process; a second one is a wiring mistake and throws. */
  host(kind: EntityKind, handler: BusHandler): () => void {
    this.log.record('host', [kind]);
    if (this.hosts.has(kind)) throw new Error(`entities of kind "${kind}" are already hosted`);
    this.hosts.set(kind, handler);
    return () => {
      if (this.hosts.get(kind) === handler) this.hosts.delete(kind);
    };
  }

  publish(subject: string, payload: unknown): void {
    if (this.recording) {
      this.log.record('publish', [subject, payload]);
      this.published.push({ subject, payload, at: this.now() });
    }
    for (const sub of this.subscriptions) {
      if (subjectMatches(sub.pattern, subject)) sub.handler(subject, payload);
    }
  }

  subscribe(pattern: string, handler: EventHandler): () => void {
    this.log.record('subscribe', [pattern]);
    const sub = { pattern, handler };
    this.subscriptions.add(sub);
    return () => this.subscriptions.delete(sub);
  }

  private now(): number {
    return this.clock?.now() ?? 0;
  }
}
