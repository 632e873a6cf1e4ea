// The market simulator as a feed: quotes computed for the moment asked (on a grid of `stepMs`, so
// every node reading in the same step sees the same prices), read through the MarketFeed port and
// written only through injectNews (the `news` command). With a shared NewsLog, a shock injected on
// any node is appended there and every node's market applies it when it polls (`start`).
import type { Clock, Logger, MarketControl, NewsLog, Rng, Timer } from './ports.ts';
import type { MarketSnapshot, NewsItem, Quote } from './domain/types.ts';
import { applyNews, createMarket, quoteFor, snapshot, stepMarket, type MarketState } from './domain/market.ts';
import { errorText } from './errors.ts';

export interface SimulatedMarketOptions {
  /** Quotes move in steps of this much clock time. Default 5 000 ms. */
  readonly stepMs?: number;
  /** The cluster's news: injected news goes here, and news from other nodes is read from here. */
  readonly news?: NewsLog;
  /** How often `start` reads the shared news. Default 1 000 ms. */
  readonly pollMs?: number;
  readonly logger?: Logger;
}

/** Simulated prices for every known symbol: a pure function of the seed and the time, so one market
 * across a cluster needs only the same seed and the same news. */
export class SimulatedMarket implements MarketControl {
  private readonly state: MarketState;
  private readonly stepMs: number;
  private timer?: Timer;
  private cursor = 0;
  private localSeq = 0;
  /** Ids of the items injected on this node (their shared copies are not applied twice). */
  private readonly injected = new Set<string>();
  private polling = false;

  constructor(private readonly clock: Clock, seed: number | Rng, private readonly opts: SimulatedMarketOptions = {}) {
    this.stepMs = opts.stepMs ?? 5_000;
    this.state = createMarket(this.gridTime(), seed);
  }

  /** Read the shared news on the clock (nothing to do without a NewsLog); `stop()` ends it. */
  start(): this {
    if (!this.opts.news) return this;
    const tick = (): void => {
      void this.poll().finally(() => {
        if (this.timer) this.timer = this.clock.setTimer(this.opts.pollMs ?? 1_000, tick);
      });
    };
    this.timer = this.clock.setTimer(0, tick);
    return this;
  }

  stop(): void {
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Apply what other nodes appended to the shared news since the last read. */
  async poll(): Promise<number> {
    const log = this.opts.news;
    if (!log || this.polling) return 0;
    this.polling = true;
    try {
      const { items, cursor } = await log.since(this.cursor);
      this.cursor = cursor;
      for (const item of items) this.apply(item);
      return items.length;
    } catch (error) {
      this.opts.logger?.warn('market.news-poll-failed', { error: errorText(error) });
      return 0;
    } finally {
      this.polling = false;
    }
  }

  get symbols(): readonly string[] {
    return this.state.symbols.map((s) => s.spec.symbol);
  }

  snapshot(symbols?: readonly string[]): MarketSnapshot {
    return snapshot(this.current(), symbols);
  }

  quote(symbol: string): Quote | undefined {
    return quoteFor(this.current(), symbol);
  }

  /** The shock applies here at once; with a shared NewsLog it is appended there too, and every
   * other node applies it (same time) on its next poll. A command may name the item (`id`). */
  injectNews(news: Omit<NewsItem, 'id' | 'at'> & Partial<Pick<NewsItem, 'id' | 'at'>>): NewsItem {
    const at = news.at ?? this.clock.now();
    const item: NewsItem = { headline: news.headline, symbols: news.symbols, impact: news.impact, id: news.id ?? `local-${++this.localSeq}@${at}`, at };
    this.injected.add(item.id);
    this.apply(item); // validates before anything is shared
    const log = this.opts.news;
    if (log) {
      void log.append({ headline: item.headline, symbols: item.symbols, impact: item.impact, at }).then(
        (shared) => this.state.applied.add(shared.id),
        (error: unknown) => this.opts.logger?.warn('market.news-append-failed', { error: errorText(error) }),
      );
    }
    return item;
  }

  private apply(item: NewsItem): void {
    // A shared item this node injected itself is already in: same headline, symbols and time.
    const own = this.state.news.find((n) => n.at === item.at && n.headline === item.headline && this.injected.has(n.id));
    if (own && item.id !== own.id) {
      this.state.applied.add(item.id);
      return;
    }
    applyNews(this.state, item);
  }

  /** The start of the current step: every node asking within one step computes the same quotes. */
  private gridTime(): number {
    const now = this.clock.now();
    return now - (((now % this.stepMs) + this.stepMs) % this.stepMs);
  }

  private current(): MarketState {
    const t = this.gridTime();
    if (t > this.state.at) stepMarket(this.state, t);
    return this.state;
  }
}
