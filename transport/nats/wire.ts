// What travels on NATS: JSON bodies, W3C trace context and the message id in headers, and the one way
// bad input leaves — logged once per kind of problem, kept as a dead letter, published on the
// cluster's dead-letter subject — never a crash.
import { Match, headers, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import type { DeadLetterStore, Logger, TraceContext } from '../../actors/index.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encode(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value ?? null));
}

/** The JSON in `data`, or the reason it is not JSON. */
export function decode(data: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(decoder.decode(data)) };
  } catch (error) {
    return { ok: false, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Headers carrying `trace` (traceparent, tracestate); undefined when there is nothing to carry. */
export function traceHeaders(trace: TraceContext | undefined): MsgHdrs | undefined {
  if (!trace) return undefined;
  const h = headers();
  h.set('traceparent', trace.traceparent);
  if (trace.tracestate) h.set('tracestate', trace.tracestate);
  return h;
}

/** The trace context in received headers, whatever their case (Go clients send `Traceparent`). */
export function traceOf(h: MsgHdrs | undefined): TraceContext | undefined {
  const traceparent = h?.get('traceparent', Match.IgnoreCase);
  if (!traceparent) return undefined;
  const tracestate = h?.get('tracestate', Match.IgnoreCase);
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The message id (`Nats-Msg-Id`) in received headers. */
export function msgIdOf(h: MsgHdrs | undefined): string | undefined {
  return h?.get('Nats-Msg-Id', Match.IgnoreCase) || undefined;
}

/** Where bad input goes: the node's dead letters, the cluster's dead-letter subject, one log line per
 * kind of problem (the count of later ones is kept, not logged). */
export class Rejects {
  private readonly logged = new Set<string>();
  /** Bad messages seen, by kind of problem (tests, metrics). */
  readonly counts = new Map<string, number>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly logger: Logger,
    private readonly store: DeadLetterStore | undefined,
    private readonly now: () => number,
  ) {}

  /** `kind` names the problem class (`malformed:<subject pattern>` …); logged the first time only. */
  reject(kind: string, subject: string, data: Uint8Array | undefined, error: string, attempts = 0): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    if (!this.logged.has(kind)) {
      this.logged.add(kind);
      this.logger.warn('nats.dead-letter', { kind, subject, error, note: 'logged once; later ones are counted' });
    }
    const text = data ? decoder.decode(data.subarray(0, 2_000)) : undefined;
    this.store?.put({ at: this.now(), actor: subject, message: text, reason: 'malformed', error, attempts });
    try {
      this.nc.publish(this.subject, encode({ subject, error, kind, attempts, data: text }));
    } catch {
      // The connection is closing: the local dead letter is kept.
    }
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
}
