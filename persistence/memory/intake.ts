// HumanIntake without a database (--memory, tests): a person's message is handed to its chat at once;
// a repeat of an update seen recently (the same source and id, the same message) is handed over once.
import type { HumanIntake, HumanMessage, InboundUpdate } from '../../actors/index.ts';

/** Updates remembered for recognising repeats (Telegram redelivers only unconfirmed ones). */
const REMEMBER = 10_000;

export class MemoryIntake implements HumanIntake {
  private readonly seen = new Map<string, string>();
  /** Every update handed over, in order (tests assert on it). */
  readonly recorded: InboundUpdate[] = [];
  readonly counts = { recorded: 0, repeated: 0, replayed: 0 };

  constructor(private readonly deliver: (message: HumanMessage) => void, private readonly opts: { record?: boolean } = {}) {}

  async record(update: InboundUpdate): Promise<void> {
    const key = `${update.source}\u0000${update.updateId}`;
    const m = update.message;
    const what = JSON.stringify([m.chatId, m.messageId, m.edited === true, m.userId, m.text]);
    if (this.seen.get(key) === what) {
      this.counts.repeated++;
      return;
    }
    this.seen.delete(key);
    this.seen.set(key, what);
    if (this.seen.size > REMEMBER) this.seen.delete(this.seen.keys().next().value!);
    this.counts.recorded++;
    if (this.opts.record ?? true) this.recorded.push(update);
    this.deliver(m);
  }

  /** Nothing survives a run in memory. */
  async replay(): Promise<number> {
    return 0;
  }
}
