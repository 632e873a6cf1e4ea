// BusPort over NATS. An entity lives in a partition (a bot in its home chat's); a message to it goes
// to whichever node owns that partition now: in-process when it is this node, core NATS otherwise
// (fire and forget), JetStream with a message id when it must not be lost (acked once handled).
// Requests reach the entity's owner by request/reply; events are plain subjects. All JSON.
import { nuid, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import {
  Transient, type BusHandler, type BusPort, type DeadLetterStore, type EntityAddress, type EntityKind, type Envelope,
  type EventHandler, type Logger, type SendOptions,
} from '../../actors/index.ts';
import { PARTITIONS, partitionOf, type HomeOf } from '../cluster/index.ts';
import { entityOf, type ClusterNames } from './names.ts';
import { INBOX_DEFAULTS, PartitionInbox, type InboxOptions } from './consumer.ts';
import { Rejects, decode, encode, traceHeaders, traceOf } from './wire.ts';

/** Answers a request for an entity hosted here (a chat command, a bot's status). */
export type RequestHandler = (to: EntityAddress, body: unknown) => Promise<unknown>;

export interface NatsBusOptions {
  readonly nc: NatsConnection;
  readonly names: ClusterNames;
  /** A bot's home chat (a bot lives in its home chat's partition). */
  readonly homeOf: HomeOf;
  readonly logger: Logger;
  /** Default 64. Every node of a cluster must use the same number. */
  readonly partitions?: number;
  /** Where bad input is kept (besides the cluster's dead-letter subject). */
  readonly deadLetters?: DeadLetterStore;
  readonly now?: () => number;
  readonly inbox?: InboxOptions;
  /** Dedup window of durable messages: longer than the worst failover plus retries. Default 5 min. */
  readonly duplicateWindowMs?: number;
  /** Default timeout of `request`. Default 5 s. */
  readonly requestTimeoutMs?: number;
}

interface Owned {
  readonly subs: Subscription[];
  readonly inbox: PartitionInbox;
}

/** Creates (or checks) the stream and one durable consumer per partition; idempotent. */
export async function ensureBusStream(nc: NatsConnection, names: ClusterNames, o: { partitions?: number; duplicateWindowMs?: number; inbox?: InboxOptions } = {}): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const inbox = { ...INBOX_DEFAULTS, ...o.inbox };
  const config = {
    name: names.stream, subjects: [names.streamSubjects], retention: RetentionPolicy.Workqueue, storage: StorageType.File,
    duplicate_window: (o.duplicateWindowMs ?? 300_000) * 1e6, max_age: 7 * 86_400 * 1e9,
  };
  try {
    await jsm.streams.info(names.stream);
  } catch {
    await jsm.streams.add(config).catch(async (e: unknown) => {
      // Another node made it meanwhile.
      if (!/already in use|exists/i.test(String(e))) throw e;
    });
  }
  const partitions = o.partitions ?? PARTITIONS;
  await Promise.all(Array.from({ length: partitions }, (_, p) => jsm.consumers.add(names.stream, {
    durable_name: names.consumer(p), filter_subject: names.durables(p), ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
    ack_wait: inbox.ackWaitMs * 1e6, max_deliver: inbox.maxDeliveries + 1, max_ack_pending: inbox.maxInFlight,
  })));
}

/** The cluster bus of one node. Partitions are served once `own`ed (the ownership layer decides). */
export class NatsBus implements BusPort {
  readonly partitions: number;
  readonly rejects: Rejects;
  /** Messages by path (tests, benchmarks). */
  readonly stats = { local: 0, remote: 0, durable: 0, received: 0, requests: 0 };
  private readonly js: JetStreamClient;
  private readonly hosts = new Map<EntityKind, BusHandler>();
  private readonly servers = new Map<EntityKind, RequestHandler>();
  private readonly owned = new Map<number, Owned>();
  private readonly events = new Set<Subscription>();
  private closed = false;
  private durableDown = false;

  constructor(private readonly o: NatsBusOptions) {
    this.partitions = o.partitions ?? PARTITIONS;
    this.js = jetstream(o.nc);
    this.rejects = new Rejects(o.nc, o.names.deadLetters, o.logger, o.deadLetters, o.now ?? Date.now);
  }

  partitionOf(address: EntityAddress): number {
    return partitionOf(address, this.partitions, this.o.homeOf);
  }

  owns(partition: number): boolean {
    return this.owned.has(partition);
  }

  ownedPartitions(): number[] {
    return [...this.owned.keys()].sort((a, b) => a - b);
  }

  send(to: EntityAddress, message: unknown, options?: SendOptions): void {
    if (options?.durable) {
      void this.sendDurable(to, message, options).catch((e: unknown) => this.o.logger.error('nats.durable.lost', { to: `${to.kind}:${to.id}`, error: String(e) }));
      return;
    }
    const p = this.partitionOf(to);
    const host = this.owned.has(p) ? this.hosts.get(to.kind) : undefined;
    if (host) {
      this.stats.local++;
      const envelope = options && (options.id !== undefined || options.trace) ? { deliveries: 1, ...(options.id !== undefined ? { id: options.id } : {}), ...(options.trace ? { trace: options.trace } : {}) } : undefined;
      this.guard(host(to, message, envelope), to);
      return;
    }
    this.stats.remote++;
    const h = traceHeaders(options?.trace);
    this.o.nc.publish(this.o.names.send(p, to), encode(message), h ? { headers: h } : undefined);
  }

  /** Stores `message` in JetStream for `to`'s owner; resolves once the server has it (retrying while
   * the server is away, under one message id so a retry is not a second message). */
  async sendDurable(to: EntityAddress, message: unknown, options: SendOptions = {}): Promise<void> {
    this.stats.durable++;
    const msgID = options.id ?? nuid.next();
    const h = traceHeaders(options.trace);
    const subject = this.o.names.durable(this.partitionOf(to), to);
    const data = encode(message);
    for (let backoff = 100; ; backoff = Math.min(2_000, backoff * 2)) {
      try {
        await this.js.publish(subject, data, { msgID, timeout: 5_000, ...(h ? { headers: h } : {}) });
        if (this.durableDown) this.o.logger.info('nats.durable.recovered', {});
        this.durableDown = false;
        return;
      } catch (error) {
        if (this.closed) throw error;
        if (!this.durableDown) this.o.logger.warn('nats.durable.retry', { error: error instanceof Error ? error.message : String(error) });
        this.durableDown = true;
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  /** One host per kind; a second one throws (a wiring mistake). */
  host(kind: EntityKind, handler: BusHandler): () => void {
    if (this.hosts.has(kind)) throw new Error(`entities of kind "${kind}" are already hosted`);
    this.hosts.set(kind, handler);
    return () => {
      if (this.hosts.get(kind) === handler) this.hosts.delete(kind);
    };
  }

  /** Answers requests for entities of `kind` hosted here. */
  serve(kind: EntityKind, handler: RequestHandler): () => void {
    this.servers.set(kind, handler);
    return () => {
      if (this.servers.get(kind) === handler) this.servers.delete(kind);
    };
  }

  /** Asks `to`'s owner, wherever it is. Rejects with Transient when no node hosts it now or no
   * answer came in time. */
  async request(to: EntityAddress, body: unknown, timeoutMs = this.o.requestTimeoutMs ?? 5_000): Promise<unknown> {
    const p = this.partitionOf(to);
    const local = this.owned.has(p) ? this.servers.get(to.kind) : undefined;
    if (local) return local(to, body);
    try {
      const reply = await this.o.nc.request(this.o.names.request(p, to), encode(body), { timeout: timeoutMs });
      const d = decode(reply.data);
      if (!d.ok) throw new Transient(`the owner of ${to.kind} ${to.id} answered ${d.error}`);
      return d.value;
    } catch (error) {
      if (error instanceof Transient) throw error;
      const text = String((error as { cause?: unknown }).cause ?? error);
      if (/no responders/i.test(text) || /503/.test(text)) throw new Transient(`no node hosts ${to.kind} ${to.id} right now`);
      throw new Transient(`no answer from the owner of ${to.kind} ${to.id} within ${timeoutMs} ms`);
    }
  }

  publish(subject: string, payload: unknown): void {
    this.o.nc.publish(this.o.names.event(subject), encode(payload));
  }

  subscribe(pattern: string, handler: EventHandler): () => void {
    const { names } = this.o;
    const back = (s: string) => (names.prefix === 'piyasa' ? s : s.replace(`${names.prefix}.`, 'piyasa.'));
    const sub = this.o.nc.subscribe(names.event(pattern), {
      callback: (_err, m) => {
        const d = decode(m.data);
        if (!d.ok) return this.rejects.reject(`event:${pattern}`, m.subject, m.data, d.error);
        try {
          handler(back(m.subject), d.value);
        } catch (error) {
          this.o.logger.error('nats.event.handler-failed', { subject: m.subject, error: String(error) });
        }
      },
    });
    this.events.add(sub);
    return () => {
      sub.unsubscribe();
      this.events.delete(sub);
    };
  }

  /** Serve `partition` here: its messages, requests and durable inbox. */
  own(partition: number): void {
    if (this.owned.has(partition) || this.closed) return;
    const { nc, names } = this.o;
    const sends = nc.subscribe(names.sends(partition), { callback: (_e, m) => this.receive(m.subject, m.data, m.headers) });
    const requests = nc.subscribe(names.requests(partition), {
      callback: (_e, m) => void this.answer(m.subject, m.data).then((r) => m.respond(encode(r))),
    });
    const inbox = new PartitionInbox(this.js, names.stream, names.consumer(partition), (to, msg, env) => this.durable(to, msg, env), this.rejects, this.o.logger, this.o.inbox);
    inbox.start();
    this.owned.set(partition, { subs: [sends, requests], inbox });
  }

  /** Stop serving `partition` (its durable messages not yet acked go to the next owner). */
  async disown(partition: number): Promise<void> {
    const o = this.owned.get(partition);
    if (!o) return;
    this.owned.delete(partition);
    for (const s of o.subs) s.unsubscribe();
    await o.inbox.stop();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.owned.keys()].map((p) => this.disown(p)));
    for (const s of this.events) s.unsubscribe();
    this.events.clear();
  }

  private receive(subject: string, data: Uint8Array, headers: Parameters<typeof traceOf>[0]): void {
    this.stats.received++;
    const where = entityOf(subject);
    const body = decode(data);
    if ('error' in where) return this.rejects.reject(`send:${where.error}`, subject, data, where.error);
    if (!body.ok) return this.rejects.reject('send:not-json', subject, data, body.error);
    const host = this.hosts.get(where.to.kind);
    if (!host) return this.rejects.reject(`send:no-host:${where.to.kind}`, subject, data, `no host for ${where.to.kind} here`);
    const trace = traceOf(headers);
    try {
      this.guard(host(where.to, body.value, trace ? { deliveries: 1, trace } : undefined), where.to);
    } catch (error) {
      this.rejects.reject('send:handler-failed', subject, data, String(error));
    }
  }

  private async answer(subject: string, data: Uint8Array): Promise<unknown> {
    this.stats.requests++;
    const where = entityOf(subject);
    const body = decode(data);
    const problem = 'error' in where ? where.error : !body.ok ? body.error : undefined;
    if (problem !== undefined || !('to' in where) || !body.ok) {
      this.rejects.reject(`request:${problem}`, subject, data, problem ?? 'malformed');
      return { ok: false, error: `malformed request: ${problem}` };
    }
    const server = this.servers.get(where.to.kind);
    if (!server) return { ok: false, error: `no ${where.to.kind} is served here` };
    try {
      return await server(where.to, body.value);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private durable(to: EntityAddress, message: unknown, envelope: Envelope): Promise<void> {
    const host = this.hosts.get(to.kind);
    if (!host) return Promise.reject(new Transient(`no host for ${to.kind} here`));
    return Promise.resolve(host(to, message, envelope));
  }

  private guard(result: void | Promise<void>, to: EntityAddress): void {
    if (result) result.catch((e: unknown) => this.o.logger.warn('nats.send.handler-failed', { to: `${to.kind}:${to.id}`, error: String(e) }));
  }
}
