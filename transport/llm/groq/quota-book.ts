// Where a model's quota state lives. The local book keeps it in this process (one node, the default);
// the shared book keeps it in the cluster's SharedStateStore, so every node's calls are counted in
// one state: each hold is a compare-and-set of the whole state (retried on a lost race), with a
// cached copy that answers refusals without a round trip while it is fresh.
import type { Logger, SharedStateStore } from '../../../actors/index.ts';
import { admit, blockUntil, createQuota, hold, observe, remaining, settle, type Hold, type MinuteEntry, type ModelLimits, type PacingOptions, type Purpose, type QuotaReason, type QuotaState } from './quota.ts';
import type { RateHeaders } from './types.ts';

export type Reservation = { readonly ok: true; readonly hold: Hold } | { readonly ok: false; readonly reason: QuotaReason; readonly retryAt: number };

/** What happened to a held call. */
export interface Outcome {
  /** Tokens it used (undefined: it never reached the provider, the slot goes back). */
  readonly used: number | undefined;
  readonly rate?: RateHeaders;
  /** A 429 said: nothing before this time. */
  readonly blockedUntil?: number;
}

export interface QuotaBook {
  /** Admit a call estimated at `tokens` and hold its slot, in one step. */
  reserve(now: number, tokens: number, purpose: Purpose): Promise<Reservation>;
  /** Replace the hold's estimate by what the call used (or give it back), sync from the headers. */
  settle(h: Hold, now: number, outcome: Outcome): Promise<void>;
  /** What is left today, as far as this node knows. */
  remaining(now: number): { requests: number; tokens: number };
  /** This node's view of the state (the cached copy for a shared book). */
  readonly state: QuotaState;
}

function apply(q: QuotaState, h: Hold, now: number, outcome: Outcome): void {
  settle(q, h, now, outcome.used);
  if (outcome.rate) observe(q, now, outcome.rate);
  if (outcome.blockedUntil !== undefined) blockUntil(q, outcome.blockedUntil);
}

/** The quota in this process: synchronous underneath, nothing shared. */
export function localBook(limits: ModelLimits, now: number, pacing: PacingOptions): QuotaBook {
  const state = createQuota(limits, now);
  return {
    state,
    async reserve(at, tokens, purpose) {
      const verdict = admit(state, at, tokens, purpose, pacing);
      return verdict.ok ? { ok: true, hold: hold(state, at, tokens) } : verdict;
    },
    async settle(h, at, outcome) {
      apply(state, h, at, outcome);
    },
    remaining: (at) => remaining(state, at),
  };
}

/** The part of a QuotaState kept in the shared store (limits stay each node's own config). */
export interface SharedQuota {
  readonly day: number;
  readonly dayRequests: number;
  readonly dayTokens: number;
  readonly minute: readonly MinuteEntry[];
  readonly tpmFloor?: { readonly used: number; readonly until: number };
  readonly blockedUntil: number;
  readonly seen: { readonly rpd?: number; readonly tpm?: number };
}

function toShared(q: QuotaState): SharedQuota {
  return { day: q.day, dayRequests: q.dayRequests, dayTokens: q.dayTokens, minute: q.minute, ...(q.tpmFloor ? { tpmFloor: q.tpmFloor } : {}), blockedUntil: q.blockedUntil, seen: q.seen };
}

function fromShared(limits: ModelLimits, s: SharedQuota, slackMs: number): QuotaState {
  return {
    limits, day: s.day, dayRequests: s.dayRequests, dayTokens: s.dayTokens, minute: s.minute.map((m) => ({ ...m })),
    ...(s.tpmFloor ? { tpmFloor: { ...s.tpmFloor } } : {}), blockedUntil: s.blockedUntil, seen: { ...s.seen }, ...(slackMs ? { slackMs } : {}),
  };
}

export interface SharedBookOptions {
  readonly store: SharedStateStore;
  /** The store key, e.g. `llm-quota:<model>`. */
  readonly key: string;
  /** Names this node's holds (unique in the cluster). */
  readonly node: string;
  readonly limits: ModelLimits;
  readonly pacing: PacingOptions;
  /** A refusal from a cached copy younger than this is final (no round trip). Default 1 000 ms. */
  readonly freshMs?: number;
  /** Extra time a request stays in the minute (see QuotaState.slackMs). Default 1 000 ms. */
  readonly minuteSlackMs?: number;
  /** Compare-and-set rounds before a reservation gives up (refused as 'unavailable'). Default 16. */
  readonly maxRounds?: number;
  readonly logger?: Logger;
}

/**
 * The quota shared by every node through `store`: a hold is admitted on the latest state and written
 * back only if nobody wrote in between, so three nodes together never pass the limits, and one busy
 * node may use what idle ones leave. A node that dies holding a slot leaves its estimate counted: it
 * leaves the minute with the window and the day at midnight — never under-counted, never for ever.
 * A store that fails refuses the call ('unavailable'): never overspend.
 */
export function sharedBook(opts: SharedBookOptions): QuotaBook {
  const { store, key, limits, pacing } = opts;
  const freshMs = opts.freshMs ?? 1_000;
  const slack = opts.minuteSlackMs ?? 1_000;
  const maxRounds = opts.maxRounds ?? 16;
  let cached: { state: QuotaState; version: number; loadedAt: number } | undefined;
  let seq = 0;
  let view = createQuota(limits, 0, { minuteSlackMs: slack });

  async function load(now: number): Promise<{ state: QuotaState; version: number; loadedAt: number }> {
    const v = await store.load<SharedQuota>(key);
    const state = v ? fromShared(limits, v.value, slack) : createQuota(limits, now, { minuteSlackMs: slack });
    cached = { state, version: v?.version ?? 0, loadedAt: now };
    view = state;
    return cached;
  }

  /** Change the state with `fn` and write it back, again on a newer copy until a write wins. `fn`
   * declining (undefined) is final only on a copy younger than `freshMs`; an older one is loaded anew. */
  async function update<T>(now: number, fn: (q: QuotaState) => T | undefined): Promise<T | undefined> {
    for (let round = 0; round < maxRounds; round++) {
      let base = cached ?? await load(now);
      let q = fromShared(limits, toShared(base.state), slack);
      let result = fn(q);
      if (result === undefined && now - base.loadedAt >= freshMs) {
        base = await load(now);
        q = fromShared(limits, toShared(base.state), slack);
        result = fn(q);
      }
      if (result === undefined) return undefined;
      const version = await store.swap(key, base.version, toShared(q));
      if (version !== undefined) {
        cached = { state: q, version, loadedAt: now };
        view = q;
        return result;
      }
      cached = undefined;
    }
    throw new Error(`quota ${key}: ${maxRounds} compare-and-set rounds lost`);
  }

  return {
    get state() {
      return view;
    },
    async reserve(now, tokens, purpose) {
      try {
        // A refusal on a fresh copy is final: other nodes only add to the counts.
        if (cached && now - cached.loadedAt < freshMs) {
          const verdict = admit(fromShared(limits, toShared(cached.state), slack), now, tokens, purpose, pacing);
          if (!verdict.ok) return verdict;
        }
        let refusal: Reservation | undefined;
        const held = await update(now, (q) => {
          const verdict = admit(q, now, tokens, purpose, pacing);
          if (!verdict.ok) {
            refusal = verdict;
            return undefined;
          }
          return hold(q, now, tokens, `${opts.node}:${++seq}`);
        });
        return held ? { ok: true, hold: held } : refusal!;
      } catch (error) {
        opts.logger?.warn('llm.quota.unavailable', { key, error: error instanceof Error ? error.message : String(error) });
        return { ok: false, reason: 'unavailable', retryAt: now + freshMs };
      }
    },
    async settle(h, now, outcome) {
      try {
        await update(now, (q) => {
          apply(q, h, now, outcome);
          return true;
        });
      } catch (error) {
        // The estimate stays counted (it is at least what the call used): under-spend, never over.
        opts.logger?.warn('llm.quota.settle-failed', { key, error: error instanceof Error ? error.message : String(error) });
      }
    },
    remaining: (now) => remaining(fromShared(limits, toShared(view), slack), now),
  };
}
