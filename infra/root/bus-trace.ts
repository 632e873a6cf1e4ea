// The trace context of messages between actors on the bus: a compose, react or person's message
// carries it in its body (`trace`) and in the bus's send options (NATS headers). On a NATS bus each hop
// is a span of its own — `bus.send <kind>` (producer) and `bus.receive <kind>` (consumer) — and the
// receiving actor's span becomes the consumer span's child, so a turn across nodes stays one trace.
import type { BotMessage, ChatActorMessage, EntityAddress, Envelope, SendOptions, TraceContext, Tracer } from '../../actors/index.ts';

type Message = BotMessage | ChatActorMessage;

/** The trace a message carries (compose, react, a person's message). */
function carried(message: Message): TraceContext | undefined {
  return message.kind === 'human' ? message.message.trace : 'trace' in message ? message.trace : undefined;
}

/** The message with `trace` as the context it continues. */
function withTrace<M>(message: M, trace: TraceContext | undefined): M {
  if (!trace || typeof message !== 'object' || message === null) return message;
  const m = message as { kind?: unknown; trace?: TraceContext; message?: { trace?: TraceContext } };
  if (m.kind === 'compose' || m.kind === 'react') return m.trace?.traceparent === trace.traceparent ? message : { ...message, trace };
  if (m.kind === 'human' && m.message) return m.message.trace?.traceparent === trace.traceparent ? message : { ...message, message: { ...m.message, trace } };
  return message;
}

export interface BusTracing {
  /** The send options for `message` to `to` (its trace; after the producer span when hops are traced). */
  sendOptions(to: EntityAddress, message: Message): SendOptions | undefined;
  /** The message as the receiving actor gets it: continuing the envelope's context. */
  received<M>(to: EntityAddress, message: M, envelope: Envelope | undefined): M;
}

const hopAttributes = (to: EntityAddress, operation: string, message: unknown) => ({
  'messaging.system': 'nats', 'messaging.operation.type': operation, 'messaging.destination.name': `${to.kind}.${to.id}`,
  'piyasa.message.kind': String((message as { kind?: unknown }).kind ?? ''),
});

/** `hops`: a span per send and receive (a NATS bus); otherwise the context is only passed along. */
export function busTracing(tracer: Tracer | undefined, hops: boolean): BusTracing {
  if (!hops || !tracer?.enabled) {
    return {
      sendOptions: (_to, message) => {
        const trace = carried(message);
        return trace ? { trace } : undefined;
      },
      received: (_to, message, envelope) => withTrace(message, envelope?.trace),
    };
  }
  return {
    sendOptions(to, message) {
      const trace = carried(message);
      if (!trace) return undefined;
      const span = tracer.start(`bus.send ${to.kind}`, { parent: trace, kind: 'producer', attributes: hopAttributes(to, 'send', message) });
      span.end();
      return { trace: span.context() ?? trace };
    },
    received(to, message, envelope) {
      if (!envelope?.trace) return message;
      const span = tracer.start(`bus.receive ${to.kind}`, { parent: envelope.trace, kind: 'consumer', attributes: hopAttributes(to, 'receive', message) });
      if (envelope.deliveries !== undefined) span.setAttributes({ 'messaging.nats.deliveries': envelope.deliveries, ...(envelope.id ? { 'messaging.message.id': envelope.id } : {}) });
      span.end();
      return withTrace(message, span.context() ?? envelope.trace);
    },
  };
}
