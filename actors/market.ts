// The market simulator as a running feed: the pure simulator stepped on the Clock, read through the
// MarketFeed port and written only through injectNews (the `news` command).
import type { Clock, MarketControl, Rng, Timer } from './ports.ts';
import type { MarketSnapshot, NewsItem, Quote } from './domain/types.ts';
import { applyNews, createMarket, quoteFor, snapshot, stepMarket, type MarketState } from './domain/market.ts';

/** Simulated prices for every known symbol, stepped every `stepMs` of clock time. */
export class SimulatedMarket implements MarketControl {
  private readonly state: MarketState;
  private timer?: Timer;
  private newsSeq = 0;

  constructor(private readonly clock: Clock, private readonly rng: Rng, private readonly stepMs = 5_000) {
    this.state = createMarket(clock.now(), rng);
  }

  /** Start stepping prices on the clock; `stop()` ends it. */
  start(): this {
    const tick = (): void => {
      stepMarket(this.state, this.clock.now(), this.rng);
      this.timer = this.clock.setTimer(this.stepMs, tick);
    };
    this.timer = this.clock.setTimer(this.stepMs, tick);
    return this;
  }

  stop(): void {
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  get symbols(): readonly string[] {
    return this.state.symbols.map((s) => s.spec.symbol);
  }

  snapshot(symbols?: readonly string[]): MarketSnapshot {
    return snapshot(this.state, symbols);
  }

  quote(symbol: string): Quote | undefined {
    return quoteFor(this.state, symbol);
  }

  injectNews(news: Omit<NewsItem, 'id' | 'at'> & Partial<Pick<NewsItem, 'id' | 'at'>>): NewsItem {
    const item: NewsItem = { headline: news.headline, symbols: news.symbols, impact: news.impact, id: news.id ?? `news-${++this.newsSeq}`, at: news.at ?? this.clock.now() };
    applyNews(this.state, item);
    return item;
  }
}
