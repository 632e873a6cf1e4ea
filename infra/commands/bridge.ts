// A lone node's `said` and `heard` events copied from its in-process bus to NATS. A cluster node does
// not use it: its bus is NATS, where the events are published once, by the chat's owner.
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusPort } from '../../actors/index.ts';

/** Publishes every `piyasa.chat.<id>.said|heard` event of `bus` on NATS as JSON (under `prefix`). */
export function bridgeChatEvents(bus: BusPort, nc: NatsConnection, prefix = 'piyasa'): () => void {
  const forward = (subject: string, payload: unknown): void => {
    if (nc.isClosed()) return;
    nc.publish(prefix === 'piyasa' ? subject : prefix + subject.slice('piyasa'.length), JSON.stringify(payload));
  };
  const offs = [bus.subscribe('piyasa.chat.*.said', forward), bus.subscribe('piyasa.chat.*.heard', forward)];
  return () => offs.forEach((off) => off());
}
