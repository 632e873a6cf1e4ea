// HumanIntake in a cluster: a person's message is stored in JetStream for its chat's partition under
// the update's id (`tg:<source>:<updateId>`, so a redelivered update is one message) before `record`
// resolves; the chat's owner, wherever it is, acks it only after the chat recorded it.
import type { HumanIntake, InboundUpdate } from '../../actors/index.ts';
import type { NatsBus } from './bus.ts';

/** The message id of an update: one key end to end (NATS dedup, logs). */
export const updateKey = (u: Pick<InboundUpdate, 'source' | 'updateId'>): string => `tg:${u.source}:${u.updateId}`;

export class NatsIntake implements HumanIntake {
  readonly counts = { recorded: 0 };
  constructor(private readonly bus: NatsBus) {}

  async record(update: InboundUpdate): Promise<void> {
    await this.bus.sendDurable({ kind: 'chat', id: update.message.chatId }, { kind: 'human', message: update.message }, { id: updateKey(update) });
    this.counts.recorded++;
  }
}
