// LLM quota of one model, pure: requests and tokens per minute (rolling 60 s) and per UTC day, synced
// from Groq's x-ratelimit-* headers where it gives them, and pacing that spreads the day's quota over
// the day. Time is passed in; the layer in quota-layer.ts applies it on the Clock.
import type { RateHeaders } from './types.ts';

/** Limits of one model. Groq's free tier for gpt-oss-20b/120b: 30 RPM, 1K RPD, 8K TPM, 200K TPD. */
export interface ModelLimits {
  readonly rpm: number;
  readonly rpd: number;
  readonly tpm: number;
  readonly tpd: number;
}

export const FREE_TIER: ModelLimits = { rpm: 30, rpd: 1_000, tpm: 8_000, tpd: 200_000 };

export interface PacingOptions {
  /** Share of the day's requests and tokens kept back for answering people (routine turns stop
   * earlier). Default 0.2. */
  readonly reserveShare: number;
  /** How far routine use may run ahead of the even spread, as a share of the day. Default 0.02
   * (about half an hour of quota, so a lively hour is not throttled to a trickle). */
  readonly burstShare: number;
}

export const DEFAULT_PACING: PacingOptions = { reserveShare: 0.2, burstShare: 0.02 };

const DAY = 86_400_000;
const MINUTE = 60_000;

export type Purpose = 'answer' | 'routine';
/** Why a call was refused; 'unavailable': the cluster's shared quota could not be reached. */
export type QuotaReason = 'rpm' | 'tpm' | 'rpd' | 'tpd' | 'paced' | 'blocked' | 'unavailable';

export interface QuotaState {
  readonly limits: ModelLimits;
  /** UTC day number (epoch ms / day) the day counters belong to. */
  day: number;
  dayRequests: number;
  dayTokens: number;
  /** Requests of the last minute: time, tokens and (when shared by several nodes) the hold's id,
   * oldest first. */
  minute: MinuteEntry[];
  /** How much longer than 60 s a request stays in our minute: the provider counts it when it
   * arrives, we when it leaves, so our window must not close before theirs. Default 0. */
  slackMs?: number;
  /** Tokens the provider says were used this minute beyond what we counted, until `until`. */
  tpmFloor?: { used: number; until: number };
  /** No request before this time (a 429's retry-after). */
  blockedUntil: number;
  /** Limits the provider's headers name when lower than ours (a smaller plan, a shared organisation). */
  seen: { rpd?: number; tpm?: number };
}

export interface MinuteEntry {
  at: number;
  tokens: number;
  id?: string;
}

export type Admission = { readonly ok: true } | { readonly ok: false; readonly reason: QuotaReason; readonly retryAt: number };

export function createQuota(limits: ModelLimits, now: number, opts: { minuteSlackMs?: number } = {}): QuotaState {
  for (const [k, v] of Object.entries(limits)) if (!(v > 0)) throw new RangeError(`quota limit ${k} must be positive (got ${v})`);
  return { limits, day: Math.floor(now / DAY), dayRequests: 0, dayTokens: 0, minute: [], blockedUntil: 0, seen: {}, ...(opts.minuteSlackMs ? { slackMs: opts.minuteSlackMs } : {}) };
}

/** Move the windows to `now`: a new UTC day starts from zero; the minute drops what is older. */
export function roll(q: QuotaState, now: number): void {
  const day = Math.floor(now / DAY);
  if (day !== q.day) {
    q.day = day;
    q.dayRequests = 0;
    q.dayTokens = 0;
  }
  const from = now - MINUTE - (q.slackMs ?? 0);
  let i = 0;
  while (i < q.minute.length && q.minute[i]!.at <= from) i++;
  if (i > 0) q.minute.splice(0, i);
  if (q.tpmFloor && q.tpmFloor.until <= now) q.tpmFloor = undefined;
}

/** Share of the UTC day elapsed at `now` (0 at midnight, just below 1 before the next). */
function dayFraction(now: number): number {
  return (now % DAY) / DAY;
}

/**
 * May a call estimated at `tokens` (prompt + completion cap) go out now? Answers to people need only
 * the hard limits; routine turns must also stay within the even spread of the day's quota minus the
 * reserve, plus a small burst — so the quota lasts the whole day and answers always find some left.
 */
export function admit(q: QuotaState, now: number, tokens: number, purpose: Purpose, pacing: PacingOptions = DEFAULT_PACING): Admission {
  roll(q, now);
  const limits = effective(q);
  const nextDay = (q.day + 1) * DAY;
  if (now < q.blockedUntil) return { ok: false, reason: 'blocked', retryAt: q.blockedUntil };
  if (q.dayRequests + 1 > limits.rpd) return { ok: false, reason: 'rpd', retryAt: nextDay };
  if (q.dayTokens + tokens > limits.tpd) return { ok: false, reason: 'tpd', retryAt: nextDay };
  const oldest = (q.minute[0]?.at ?? now) + (q.slackMs ?? 0);
  if (q.minute.length + 1 > limits.rpm) return { ok: false, reason: 'rpm', retryAt: oldest + MINUTE };
  const minuteTokens = Math.max(q.minute.reduce((s, m) => s + m.tokens, 0), q.tpmFloor?.used ?? 0);
  if (minuteTokens + tokens > limits.tpm) return { ok: false, reason: 'tpm', retryAt: Math.min(oldest + MINUTE, q.tpmFloor?.until ?? Infinity) };
  if (purpose === 'routine') {
    const share = (1 - pacing.reserveShare) * Math.min(1, dayFraction(now) + pacing.burstShare);
    const requests = limits.rpd * share;
    const dayTokens = limits.tpd * share;
    if (q.dayRequests + 1 > requests || q.dayTokens + tokens > dayTokens) {
      // The spread grows linearly: the time when the allowance covers one more request.
      const needed = Math.max((q.dayRequests + 1) / limits.rpd, (q.dayTokens + tokens) / limits.tpd) / (1 - pacing.reserveShare) - pacing.burstShare;
      const at = q.day * DAY + Math.ceil(needed * DAY);
      return { ok: false, reason: 'paced', retryAt: needed >= 1 ? nextDay : Math.max(now + 1, at) };
    }
  }
  return { ok: true };
}

/** Our limits, lowered to what the provider's headers said. */
function effective(q: QuotaState): ModelLimits {
  return { ...q.limits, rpd: Math.min(q.limits.rpd, q.seen.rpd ?? Infinity), tpm: Math.min(q.limits.tpm, q.seen.tpm ?? Infinity) };
}

/** A slot held for a call in flight, so concurrent calls are counted before they come back. */
export interface Hold {
  readonly day: number;
  readonly tokens: number;
  readonly entry: MinuteEntry;
}

/** Count a call about to go out with its estimate; `settle` it when it is back. `id` names the hold
 * when the state is shared (it is then found by id in a state loaded again, not by identity). */
export function hold(q: QuotaState, now: number, tokens: number, id?: string): Hold {
  roll(q, now);
  q.dayRequests += 1;
  q.dayTokens += tokens;
  const entry: MinuteEntry = id === undefined ? { at: now, tokens } : { at: now, tokens, id };
  q.minute.push(entry);
  return { day: q.day, tokens, entry };
}

/** Where a hold's entry is in the minute (-1 once it has left the window). */
function entryOf(q: QuotaState, h: Hold): number {
  const i = q.minute.indexOf(h.entry);
  if (i >= 0 || h.entry.id === undefined) return i;
  return q.minute.findIndex((m) => m.id === h.entry.id);
}

/** The call is back: `used` tokens replace the estimate; undefined gives the slot back (it was refused). */
export function settle(q: QuotaState, h: Hold, now: number, used: number | undefined): void {
  roll(q, now);
  const sameDay = q.day === h.day;
  if (used === undefined) {
    if (sameDay) {
      q.dayRequests -= 1;
      q.dayTokens -= h.tokens;
    }
    const i = entryOf(q, h);
    if (i >= 0) q.minute.splice(i, 1);
    return;
  }
  if (sameDay) q.dayTokens += used - h.tokens;
  const i = entryOf(q, h);
  if (i >= 0) q.minute[i]!.tokens = used;
}

/** Count a request that reached the provider and what it used (`tokens` = uncached prompt + completion). */
export function record(q: QuotaState, now: number, tokens: number): void {
  settle(q, hold(q, now, tokens), now, tokens);
}

/** Sync with the provider's view: its remaining requests are per day, its remaining tokens per minute.
 * We only ever tighten (another process of the same organisation may be spending the quota too). */
export function observe(q: QuotaState, now: number, rate: RateHeaders): void {
  roll(q, now);
  if (rate.limitRequests !== undefined && rate.limitRequests > 0) q.seen.rpd = rate.limitRequests;
  if (rate.limitTokens !== undefined && rate.limitTokens > 0) q.seen.tpm = rate.limitTokens;
  const limits = effective(q);
  // "R left of L" means L − R used: our count can only go up (another process may share the quota).
  if (rate.remainingRequests !== undefined) q.dayRequests = Math.max(q.dayRequests, limits.rpd - rate.remainingRequests);
  if (rate.remainingTokens !== undefined) {
    q.tpmFloor = { used: limits.tpm - rate.remainingTokens, until: now + Math.min(MINUTE, rate.resetTokensMs ?? MINUTE) };
  }
}

/** The provider refused with 429: nothing goes out before `until`. */
export function blockUntil(q: QuotaState, until: number): void {
  q.blockedUntil = Math.max(q.blockedUntil, until);
}

/** What is left today, for status and tests. */
export function remaining(q: QuotaState, now: number): { requests: number; tokens: number } {
  roll(q, now);
  const limits = effective(q);
  return { requests: limits.rpd - q.dayRequests, tokens: limits.tpd - q.dayTokens };
}

/** Groq's durations: "2m59.56s", "7.66s", "120ms", "1h2m". Undefined when it cannot be read. */
export function parseDuration(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const v = Number(m[1]);
    total += m[2] === 'h' ? v * 3_600_000 : m[2] === 'm' ? v * 60_000 : m[2] === 's' ? v * 1_000 : v;
    matched += m[0];
  }
  return matched === text.trim() && matched !== '' ? Math.round(total) : undefined;
}
