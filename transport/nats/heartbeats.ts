// Membership on NATS: every node publishes a heartbeat on core NATS every ~200 ms and hears everyone's
// (its own included: the echo bounds how long it may act as an owner); it answers pings while alive
// (a takeover asks first: a paused node does not answer, a dead one has no subscription at all).
// Connection status feeds the view, so an outage of our own link suspects nobody.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Clock, Logger, Timer } from '../../actors/index.ts';
import { bitmap, isHeartbeat, type MembershipView } from '../cluster/index.ts';
import type { ClusterNames } from './names.ts';
import { decode, encode, type Rejects } from './wire.ts';

export interface HeartbeatOptions {
  readonly nc: NatsConnection;
  readonly names: ClusterNames;
  readonly view: MembershipView;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly rejects: Rejects;
  /** Partitions held (listed in each beat, for status). */
  readonly holds: () => Iterable<number>;
  readonly partitions: number;
  /** Default 200 ms. */
  readonly everyMs?: number;
  /** How long a probe waits for an answer. Default 150 ms. */
  readonly probeTimeoutMs?: number;
}

export class Heartbeats {
  private timer: Timer | undefined;
  private readonly subs: Subscription[] = [];
  private running = false;
  /** Beats sent, heard, probes answered (tests, status). */
  readonly stats = { sent: 0, heard: 0, pinged: 0 };

  constructor(private readonly o: HeartbeatOptions) {}

  start(): void {
    const { nc, names, view, clock } = this.o;
    this.running = true;
    view.connected(clock.now());
    this.subs.push(nc.subscribe(names.heartbeats, {
      callback: (_e, m) => {
        const d = decode(m.data);
        if (!d.ok || !isHeartbeat(d.value)) return this.o.rejects.reject('heartbeat:malformed', m.subject, m.data, d.ok ? 'not a heartbeat' : d.error);
        this.stats.heard++;
        view.beat(d.value, clock.now());
      },
    }));
    this.subs.push(nc.subscribe(names.ping(view.self), {
      callback: (_e, m) => {
        this.stats.pinged++;
        m.respond(encode({ node: view.self }));
      },
    }));
    void this.watch();
    const beat = (): void => {
      if (!this.running) return;
      this.beat();
      this.timer = clock.setTimer(this.o.everyMs ?? 200, beat);
    };
    beat();
  }

  /** Sends one heartbeat now (also on leave, so the others stop placing partitions here at once). */
  beat(): void {
    const { nc, names, view, clock } = this.o;
    if (nc.isClosed()) return;
    try {
      nc.publish(names.heartbeat(view.self), encode({
        node: view.self, at: clock.now(), holds: bitmap(this.o.holds(), this.o.partitions), ...(view.leaving ? { leaving: true } : {}),
      }));
      this.stats.sent++;
    } catch (error) {
      this.o.logger.debug('heartbeat.not-sent', { error: String(error) });
    }
  }

  /** Is `node` still there? False on no answer within the probe timeout, or at once when it has no
   * subscription left (a process that died). */
  async probe(node: string): Promise<boolean> {
    try {
      await this.o.nc.request(this.o.names.ping(node), encode({}), { timeout: this.o.probeTimeoutMs ?? 150 });
      return true;
    } catch {
      return false;
    }
  }

  stop(): void {
    this.running = false;
    if (this.timer) this.o.clock.clearTimer(this.timer);
    for (const s of this.subs.splice(0)) s.unsubscribe();
  }

  private async watch(): Promise<void> {
    for await (const s of this.o.nc.status()) {
      if (!this.running) return;
      if (s.type === 'disconnect') this.o.view.disconnected();
      else if (s.type === 'reconnect') this.o.view.connected(this.o.clock.now());
    }
  }
}
