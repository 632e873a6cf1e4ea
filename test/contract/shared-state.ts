// The contract of the cluster's shared state: compare-and-set values (only one of two racing writers
// wins; a lost race leaves the value alone) and the news log (every reader sees every item once, in
// order). Each *.test.ts file runs it on one backend; the quota's sharing test runs on it too.
import * as assert from 'uvu/assert';
import type { Context, Test } from 'uvu';
import type { NewsLog, SharedStateStore } from '../../actors/index.ts';

export interface SharedBackend {
  readonly state: SharedStateStore;
  /** A second client of the same data (another node). */
  readonly other: SharedStateStore;
  readonly news: NewsLog;
  readonly otherNews: NewsLog;
  close(): Promise<void>;
}

/** Registers the contract's tests on `suite`; `make` gives a fresh, empty backend per test. */
export function sharedStateContract(suite: Test<Context>, make: () => Promise<SharedBackend>): void {
  let b: SharedBackend;
  suite.before.each(async () => {
    b = await make();
  });
  suite.after.each(async () => {
    await b.close();
  });

  suite('absent, created at version 1, then swapped only from the version read', async () => {
    assert.is(await b.state.load('k'), undefined);
    assert.is(await b.state.swap('k', 0, { n: 1 }), 1);
    assert.is(await b.other.swap('k', 0, { n: 9 }), undefined, 'a second create loses');
    assert.equal(await b.other.load('k'), { version: 1, value: { n: 1 } });
    assert.is(await b.other.swap('k', 1, { n: 2, list: [{ at: 5, id: 'a:1' }] }), 2);
    assert.is(await b.state.swap('k', 1, { n: 3 }), undefined, 'a stale version loses');
    assert.equal(await b.state.load('k'), { version: 2, value: { n: 2, list: [{ at: 5, id: 'a:1' }] } });
    assert.is(await b.state.load('other-key'), undefined);
  });

  suite('racing increments from two clients: every increment counted once', async () => {
    const bump = async (s: SharedStateStore): Promise<number> => {
      for (let rounds = 1; ; rounds++) {
        const v = await s.load<{ n: number }>('counter');
        if (await s.swap('counter', v?.version ?? 0, { n: (v?.value.n ?? 0) + 1 })) return rounds;
      }
    };
    const rounds = await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? b.state : b.other)));
    assert.equal((await b.state.load<{ n: number }>('counter'))?.value, { n: 40 });
    assert.ok(rounds.some((r) => r > 1), 'the race was real: some writers had to retry');
  });

  suite('news: every reader sees every item once, in order, from its cursor', async () => {
    const first = await b.news.append({ headline: 'TCMB faiz indirdi', symbols: ['USDTRY'], impact: -0.5, at: 1_000 });
    assert.is(first.headline, 'TCMB faiz indirdi');
    const a = await b.otherNews.since(0);
    assert.equal(a.items.map((n) => [n.id, n.headline, n.symbols, n.impact, n.at]), [[first.id, 'TCMB faiz indirdi', ['USDTRY'], -0.5, 1_000]]);
    const second = await b.otherNews.append({ headline: 'THY rekor yolcu', symbols: ['BIST:THYAO', 'BIST:XU100'], impact: 0.8, at: 2_000 });
    assert.is.not(second.id, first.id);
    const next = await b.otherNews.since(a.cursor);
    assert.equal(next.items.map((n) => n.id), [second.id]);
    assert.equal((await b.news.since(next.cursor)).items, []);
    assert.equal((await b.news.since(0)).items.map((n) => n.id), [first.id, second.id]);
  });
}
