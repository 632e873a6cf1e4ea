// Holdings valued at the prices of a market snapshot: the live P&L a bot talks about.
import type { Holding, HoldingView, MarketSnapshot } from './types.ts';

/** Holdings with a quote in `snapshot`, valued at its price (holdings without a quote are left out). */
export function holdingViewsFromSnapshot(holdings: readonly Holding[], snapshot: MarketSnapshot): HoldingView[] {
  const views: HoldingView[] = [];
  for (let i = 0; i < holdings.length; i++) {
    const h = holdings[i]!;
    const q = snapshot.quotes[h.symbol];
    if (!q) continue;
    views.push({ ...h, price: q.price, pnlPct: q.price / h.avgPrice - 1 });
  }
  return views;
}
