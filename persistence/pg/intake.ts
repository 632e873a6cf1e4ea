// HumanIntake on PostgreSQL (one node): a person's message is committed to `inbound` before `record`
// resolves — so before the listener confirms it to Telegram — and only then handed to its chat. A
// redelivered update (same source and id) is recorded and handed over once. What was recorded but not
// yet recorded by its chat (the run stopped in between) is handed over again at the next start.
import type { HumanIntake, HumanMessage, InboundUpdate, Logger } from '../../actors/index.ts';
import type { PgStore } from './store.ts';

export class PgIntake implements HumanIntake {
  /** Updates recorded and handed over, and redeliveries recognised (tests, metrics). */
  readonly counts = { recorded: 0, repeated: 0, replayed: 0 };

  constructor(private readonly store: PgStore, private readonly deliver: (message: HumanMessage) => void, private readonly logger: Logger) {}

  /** Resolves once the update is durable (waits while the database is away: intake stops meanwhile). */
  async record(update: InboundUpdate): Promise<void> {
    if (await this.store.recordInbound(update)) {
      this.counts.recorded++;
      this.deliver(update.message);
    } else this.counts.repeated++;
  }

  /** Hands the chats what a previous run recorded but they did not record; call before the listeners start. */
  async replay(): Promise<number> {
    const pending = await this.store.pendingInbound();
    for (const u of pending) this.deliver(u.message);
    this.counts.replayed += pending.length;
    if (pending.length) this.logger.warn('intake.replayed', { messages: pending.length, note: 'people\'s messages recorded by the last run but not handled by their chats' });
    return pending.length;
  }
}
