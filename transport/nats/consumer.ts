// The durable inbox of one partition: its JetStream pull consumer, read only by the partition's owner.
// A message is acked after its handler's promise resolved, nak'ed with a delay when the handler
// refused it (mailbox full, actor stopping), dead-lettered and terminated after N deliveries; at
// most `maxInFlight` are being handled at once (the consumer's max_ack_pending says the same).
import type { JetStreamClient, JsMsg, ConsumerMessages } from '@nats-io/jetstream';
import { Transient, type EntityAddress, type Envelope, type Logger } from '../../actors/index.ts';
import { entityOf } from './names.ts';
import { decode, msgIdOf, traceOf, type Rejects } from './wire.ts';

export interface InboxOptions {
  /** Messages being handled at once, at most. Default 256. */
  readonly maxInFlight?: number;
  /** Deliveries whose handler failed before a message is dead-lettered. Default 5. */
  readonly maxDeliveries?: number;
  /** Deliveries of any kind before it is dead-lettered — refusals included (its entity was moving or
   * stopping here: not the message's fault). Default 100. */
  readonly maxRefusals?: number;
  /** Delay of a nak (the handler refused or failed). Default 500 ms. */
  readonly nakDelayMs?: number;
  /** The consumer's ack wait; a running handler tells the server it is still working every third. It is
   * also how long a message in hand on a node that died (kill -9) waits before the server gives it to
   * the partition's next owner: no client can give back another's pending messages. Default 2 s. */
  readonly ackWaitMs?: number;
}

export const INBOX_DEFAULTS = { maxInFlight: 256, maxDeliveries: 5, maxRefusals: 100, nakDelayMs: 500, ackWaitMs: 2_000 } as const;

/** Handles one durable message; resolves when it was handled (then it is acked). */
export type DurableHandler = (to: EntityAddress, message: unknown, envelope: Envelope) => Promise<void>;

export class PartitionInbox {
  private stopped = false;
  private messages: ConsumerMessages | undefined;
  private inflight = 0;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly o: Required<InboxOptions>;
  /** Handler failures (not refusals) seen. */
  failures = 0;

  constructor(
    private readonly js: JetStreamClient,
    private readonly stream: string,
    private readonly consumer: string,
    private readonly handler: DurableHandler,
    private readonly rejects: Rejects,
    private readonly logger: Logger,
    opts: InboxOptions = {},
  ) {
    this.o = { ...INBOX_DEFAULTS, ...opts };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops pulling; waits (up to `waitMs`) for the messages being handled. Unacked ones are
   * redelivered to the next owner. */
  async stop(waitMs = 5_000): Promise<void> {
    this.stopped = true;
    await this.messages?.close().catch(() => undefined);
    const until = Date.now() + waitMs;
    while (this.inflight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    this.wake?.();
    await Promise.race([this.loop, new Promise((r) => setTimeout(r, 100))]);
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (!this.stopped) {
      try {
        const c = await this.js.consumers.get(this.stream, this.consumer);
        if (this.stopped) return;
        const messages = await c.consume({ max_messages: this.o.maxInFlight });
        this.messages = messages;
        if (this.stopped) {
          await messages.close();
          return;
        }
        for await (const m of messages) {
          if (this.stopped) {
            m.nak();
            continue;
          }
          while (this.inflight >= this.o.maxInFlight && !this.stopped) await new Promise<void>((r) => (this.wake = r));
          void this.handle(m);
        }
        backoff = 200;
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn('nats.inbox.retry', { consumer: this.consumer, error: error instanceof Error ? error.message : String(error), inMs: backoff });
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  private async handle(m: JsMsg): Promise<void> {
    this.inflight++;
    const deliveries = m.info.deliveryCount;
    const where = entityOf(m.subject);
    const body = decode(m.data);
    const bad = 'error' in where ? where.error : !body.ok ? body.error : undefined;
    let working: ReturnType<typeof setInterval> | undefined;
    try {
      if (bad !== undefined || !('to' in where) || !body.ok) {
        this.rejects.reject(`durable:${bad}`, m.subject, m.data, bad ?? 'malformed', deliveries);
        m.term(bad);
        return;
      }
      if (deliveries > this.o.maxRefusals) {
        this.rejects.reject('durable:max-deliveries', m.subject, m.data, `not handled after ${deliveries - 1} deliveries`, deliveries);
        m.term('max deliveries');
        return;
      }
      working = setInterval(() => m.working(), Math.max(100, this.o.ackWaitMs / 3));
      const id = msgIdOf(m.headers);
      const trace = traceOf(m.headers);
      try {
        await this.handler(where.to, body.value, { deliveries, ...(id ? { id } : {}), ...(trace ? { trace } : {}) });
        m.ack();
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        // Refused (Transient: not hosted here now, stopping, mailbox full) comes back later, more
        // slowly each time; a handler that failed is dead-lettered after maxDeliveries.
        const refused = error instanceof Transient;
        this.failures += refused ? 0 : 1;
        if (!refused && deliveries >= this.o.maxDeliveries) {
          this.rejects.reject('durable:failed', m.subject, m.data, text, deliveries);
          m.term(text.slice(0, 200));
        } else m.nak(refused ? Math.min(5_000, this.o.nakDelayMs * deliveries) : this.o.nakDelayMs);
      }
    } finally {
      if (working) clearInterval(working);
      this.inflight--;
      const w = this.wake;
      this.wake = undefined;
      w?.();
    }
  }
}
