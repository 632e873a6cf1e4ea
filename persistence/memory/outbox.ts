// In-memory outbox over the memory bot-state and transcript stores: the same rules as the PostgreSQL
// outbox (one key, at most one send, a delivery debits the budget), for contract tests and simulations.
import type { Delivery, OutboxClaim, OutboxEntry, OutboxStore, RecentSend } from '../../actors/index.ts';
import type { MemoryBotStateStore } from './bot-state.ts';
import type { MemoryTranscriptStore } from './transcript.ts';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'ambiguous';

/** One outbox row as stored. */
export interface OutboxRow extends OutboxEntry {
  readonly state: OutboxState;
  readonly attempts: number;
  readonly telegramMessageId?: number;
  readonly error?: string;
}

/** What a restart found in the outbox: rows whose send may have happened are now ambiguous. */
export interface OutboxRecovery {
  readonly ambiguous: readonly OutboxRow[];
}

const HOUR = 3_600_000;

/** The hourly budget after one more send at `at` (sends older than an hour before it are dropped). */
export function debit(sentAt: readonly number[], at: number): number[] {
  return [...sentAt.filter((t) => t > at - HOUR), at].sort((a, b) => a - b);
}

/** Outbox rows in a Map; a delivery appends to the transcript and debits the bot state in one step. */
export class MemoryOutbox implements OutboxStore {
  readonly calls: { method: string; key: string }[] = [];
  private readonly rows = new Map<string, OutboxRow>();

  constructor(private readonly stores: { botStates: MemoryBotStateStore; transcripts: MemoryTranscriptStore }) {}

  async begin(entry: OutboxEntry): Promise<OutboxClaim> {
    this.calls.push({ method: 'begin', key: entry.idempotencyKey });
    const row = this.rows.get(entry.idempotencyKey);
    if (row?.state === 'sent') return 'done';
    if (row && row.state !== 'failed' && row.state !== 'pending') return 'ambiguous';
    this.rows.set(entry.idempotencyKey, { ...entry, state: 'sending', attempts: (row?.attempts ?? 0) + 1 });
    return 'send';
  }

  async delivered({ idempotencyKey, message, traceId }: Delivery): Promise<void> {
    this.calls.push({ method: 'delivered', key: idempotencyKey });
    const row = this.rows.get(idempotencyKey);
    if (row?.state === 'sent') return; // a repeated delivery changes nothing
    if (row) this.rows.set(idempotencyKey, { ...row, state: 'sent', at: message.at, telegramMessageId: message.messageId });
    await this.stores.transcripts.append(message, traceId);
    if (message.botId !== null) await this.charge(message.botId, message.at);
  }

  async failed(idempotencyKey: string, error: string): Promise<void> {
    this.calls.push({ method: 'failed', key: idempotencyKey });
    const row = this.rows.get(idempotencyKey);
    if (row?.state === 'sending') this.rows.set(idempotencyKey, { ...row, state: 'failed', error });
  }

  async ambiguous(idempotencyKey: string, error: string): Promise<void> {
    this.calls.push({ method: 'ambiguous', key: idempotencyKey });
    const row = this.rows.get(idempotencyKey);
    if (row?.state === 'sending') this.rows.set(idempotencyKey, { ...row, state: 'ambiguous', error });
  }

  async lastTurn(chatId: string): Promise<number> {
    let max = 0;
    for (const r of this.rows.values()) if (r.chatId === chatId && r.turnId > max) max = r.turnId;
    return max;
  }

  async recentSends(chatId: string, since: number): Promise<readonly RecentSend[]> {
    const out: RecentSend[] = [];
    for (const r of this.rows.values()) {
      if (r.chatId === chatId && r.at >= since && (r.state === 'sent' || r.state === 'sending' || r.state === 'ambiguous')) out.push({ botId: r.botId, at: r.at, ...(r.state !== 'sent' ? { uncertain: true } : {}) });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** After a restart: rows left `sending` or `pending` become ambiguous and count against budgets. */
  async recover(): Promise<OutboxRecovery> {
    const ambiguous: OutboxRow[] = [];
    for (const [key, row] of this.rows) {
      if (row.state !== 'sending' && row.state !== 'pending') continue;
      const next = { ...row, state: 'ambiguous' as const };
      this.rows.set(key, next);
      ambiguous.push(next);
      await this.charge(row.botId, row.at);
    }
    return { ambiguous };
  }

  /** A row by key (tests). */
  row(key: string): OutboxRow | undefined {
    return this.rows.get(key);
  }

  private async charge(botId: string, at: number): Promise<void> {
    const state = await this.stores.botStates.load(botId);
    if (state && !state.sentAt.includes(at)) await this.stores.botStates.save({ ...state, sentAt: debit(state.sentAt, at) });
  }
}
