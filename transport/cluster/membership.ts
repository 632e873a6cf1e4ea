// Who is alive, as one node sees it: the heartbeats it heard (core NATS, every ~200 ms) and its own
// heartbeats coming back to it. A node is suspected after `suspectAfterMs` without a beat — counted
// only while this node was connected, so an outage of our own link suspects nobody. Our own echo
// bounds how long we may act as an owner: others suspect us no earlier than `suspectAfterMs` after
// hearing our last beat, so we stop dispatching before that (`validUntil`). Pure; time passed in.

export interface Heartbeat {
  readonly node: string;
  /** Sender's clock when sent (epoch ms). */
  readonly at: number;
  /** The sender is leaving (graceful shutdown): place nothing on it. */
  readonly leaving?: boolean;
  /** Partitions the sender holds or is acquiring or releasing (hex bitmap, see `bitmap`), for status. */
  readonly holds?: string;
}

/** Partitions as a hex bitmap (partition 0 is the lowest bit of the last digit). */
export function bitmap(partitions: Iterable<number>, count: number): string {
  const digits = new Array<number>(Math.ceil(count / 4)).fill(0);
  for (const p of partitions) digits[digits.length - 1 - (p >> 2)]! |= 1 << (p & 3);
  return digits.map((d) => d.toString(16)).join('');
}

/** Whether a hex bitmap lists partition `p`. */
export function inBitmap(map: string, p: number): boolean {
  const i = map.length - 1 - (p >> 2);
  return i >= 0 && (parseInt(map[i]!, 16) & (1 << (p & 3))) !== 0;
}

export interface MembershipOptions {
  readonly self: string;
  /** Silence before a node is suspected. Default 600 ms (3 beats of 200 ms). */
  readonly suspectAfterMs?: number;
  /** Subtracted from our own validity, for scheduling slack. Default 150 ms. */
  readonly marginMs?: number;
}

/** Is `h` a well-formed heartbeat? (Anything else on the heartbeat subject is dead-lettered.) */
export function isHeartbeat(h: unknown): h is Heartbeat {
  const o = h as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && typeof o.node === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(o.node)
    && typeof o.at === 'number' && Number.isFinite(o.at) && (o.leaving === undefined || typeof o.leaving === 'boolean')
    && (o.holds === undefined || (typeof o.holds === 'string' && /^[0-9a-f]{1,64}$/.test(o.holds)));
}

export class MembershipView {
  readonly self: string;
  readonly suspectAfterMs: number;
  private readonly marginMs: number;
  private readonly heard = new Map<string, { at: number; leaving: boolean; holds: string | undefined }>();
  private connectedSince: number | undefined;
  private echoSentAt = -Infinity;
  private since = -Infinity;
  /** When our own latest beat came back (our clock), and since when they have come back without a gap. */
  private echoAt = -Infinity;
  private hearingSince = Infinity;
  /** We are leaving: we place nothing on ourselves. */
  leaving = false;

  constructor(o: MembershipOptions) {
    this.self = o.self;
    this.suspectAfterMs = o.suspectAfterMs ?? 600;
    this.marginMs = o.marginMs ?? 150;
  }

  /** Our link came up at `now` (first connect or a reconnect). */
  connected(now: number): void {
    this.connectedSince = now;
  }

  /** Our link went down: nobody is judged while we cannot hear them. */
  disconnected(): void {
    this.connectedSince = undefined;
  }

  /** A heartbeat arrived at `now` (our own: it bounds our validity). */
  beat(h: Heartbeat, now: number): void {
    if (h.node === this.self) {
      // A beat sent after our validity had run out opens a new period: what we held before must be
      // confirmed again (someone may have taken it while we were paused or cut off).
      if (h.at >= this.validUntil()) this.since = h.at;
      this.echoSentAt = Math.max(this.echoSentAt, h.at);
      if (now - this.echoAt > this.suspectAfterMs / 2) this.hearingSince = now;
      this.echoAt = now;
      return;
    }
    this.heard.set(h.node, { at: now, leaving: h.leaving === true, holds: h.holds });
  }

  /** Whether `node` counts as dead now — never ourselves, never while we are disconnected, never while
   * our own beats are not coming back (then it is we who lag: a busy or paused process hears nobody),
   * and its silence counts only from when we were hearing again. */
  suspected(node: string, now: number): boolean {
    if (node === this.self || this.connectedSince === undefined) return false;
    if (now - this.echoAt > this.suspectAfterMs / 2) return false;
    // Silence counts only from when we ourselves were hearing without a gap (not across our own pause).
    const last = Math.max(this.heard.get(node)?.at ?? -Infinity, this.connectedSince, this.hearingSince);
    return now - last > this.suspectAfterMs;
  }

  /** Nodes partitions are placed on: us (unless leaving) and everyone heard lately and not leaving. */
  live(now: number): string[] {
    const nodes = this.leaving ? [] : [this.self];
    for (const [node, h] of this.heard) if (!h.leaving && !this.suspected(node, now)) nodes.push(node);
    return nodes.sort();
  }

  /** Everyone we have heard of and not yet suspected, leaving or not (status). */
  known(now: number): { node: string; leaving: boolean }[] {
    return [...this.heard].filter(([n]) => !this.suspected(n, now)).map(([node, h]) => ({ node, leaving: h.leaving }));
  }

  /** The partitions `node`'s latest heartbeat listed (undefined when unknown). */
  holdings(node: string): string | undefined {
    return this.heard.get(node)?.holds;
  }

  /** Until when we may act as an owner without fresh proof that the others still hear us. */
  validUntil(): number {
    return this.echoSentAt + this.suspectAfterMs - this.marginMs;
  }

  /** Start of the current unbroken validity period: a lease confirmed before it must be confirmed again. */
  validSince(): number {
    return this.since;
  }

  /** Forget a node (it was found dead by a probe). */
  forget(node: string): void {
    this.heard.delete(node);
  }
}
