// Request/reply on NATS for the command subjects: a queue group (one node of the cluster answers each
// request), a body limit checked before anything is parsed, the caller as the server vouches for it,
// and always exactly one JSON answer — a handler that throws is answered too.
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '../../actors/index.ts';

/** Who sent a request, from the `Nats-Request-Info` header the server adds to a request that crossed
 * from another account through a service import with `share: true` (nats-server ≥ 2.2; it replaces a
 * header of that name the sender set). Within one account the header is whatever the sender wrote, so
 * it is only as good as the permissions that keep others off the subject (see infra/nats/piyasa.conf). */
export interface RequestCaller {
  readonly account?: string;
  readonly user?: string;
}

export interface RequestServerOptions {
  /** Subjects to serve, e.g. `piyasa.cmd` and `piyasa.chat.*.cmd`. */
  readonly subjects: readonly string[];
  /** Queue group: each request reaches one member. */
  readonly queue: string;
  /** Bodies larger than this are answered `ok: false` unread. */
  readonly maxBytes: number;
  readonly logger: Logger;
  /** Answers one request; the value is sent back as JSON. */
  handle(subject: string, data: Uint8Array, caller: RequestCaller): Promise<unknown>;
}

export const REQUEST_INFO_HEADER = 'Nats-Request-Info';

/** The caller named in a request's `Nats-Request-Info` header, if any. */
export function requestCaller(m: Pick<Msg, 'headers'>): RequestCaller {
  const raw = m.headers?.get(REQUEST_INFO_HEADER);
  if (!raw) return {};
  try {
    const info = JSON.parse(raw) as { acc?: unknown; user?: unknown };
    return {
      ...(typeof info.acc === 'string' ? { account: info.acc } : {}),
      ...(typeof info.user === 'string' ? { user: info.user } : {}),
    };
  } catch {
    return {};
  }
}

const encoder = new TextEncoder();

function answer(m: Msg, value: unknown, logger: Logger): void {
  if (!m.reply) return; // a publish without a reply subject: nobody to answer
  let text: string;
  try {
    text = JSON.stringify(value) ?? JSON.stringify({ ok: false, error: 'no answer' });
  } catch (error) {
    text = JSON.stringify({ ok: false, error: `the answer could not be written as JSON: ${(error as Error).message}` });
  }
  try {
    m.respond(encoder.encode(text));
  } catch (error) {
    logger.warn('nats.request.unanswered', { subject: m.subject, error: (error as Error).message });
  }
}

/** Serves the subjects until `stop()`; handlers run concurrently, each answered once. */
export function serveRequests(nc: NatsConnection, o: RequestServerOptions): { stop(): Promise<void> } {
  const subs: Subscription[] = [];
  const inflight = new Set<Promise<void>>();
  for (const subject of o.subjects) {
    subs.push(nc.subscribe(subject, {
      queue: o.queue,
      callback: (error, m) => {
        if (error) {
          o.logger.error('nats.request.subscription', { subject, error: error.message });
          return;
        }
        if (m.data.byteLength > o.maxBytes) {
          answer(m, { ok: false, error: `body: ${m.data.byteLength} bytes is more than the ${o.maxBytes} a command may have` }, o.logger);
          return;
        }
        const run = o.handle(m.subject, m.data, requestCaller(m)).then(
          (value) => answer(m, value, o.logger),
          (e: unknown) => {
            o.logger.error('nats.request.failed', { subject: m.subject, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
            answer(m, { ok: false, error: `the node failed to handle it: ${e instanceof Error ? e.message : String(e)}` }, o.logger);
          },
        );
        inflight.add(run);
        void run.finally(() => inflight.delete(run));
      },
    }));
  }
  return {
    async stop() {
      for (const s of subs) s.unsubscribe();
      await Promise.allSettled([...inflight]);
    },
  };
}
