// Retry and breaker layers on the virtual clock over a scripted completion port: what is retried and
// how long it waits, a breaker that opens, stays shut, probes once when half-open and closes again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fatal, Invalid, RateLimited, Transient } from '../../actors/index.ts';
import { CircuitOpen, FREE_TIER, QuotaRefused, VirtualClock, withBreaker, withQuota, withRetry, type Completion, type CompletionCall, type CompletionPort } from '../../transport/index.ts';

const CALL: CompletionCall = { model: 'm', messages: [{ role: 'user', content: 'x' }], maxTokens: 10, temperature: 1 };
const OK: Completion = { text: 'tamam', model: 'm', promptTokens: 5, completionTokens: 3, cachedTokens: 0, rate: {} };

/** A port failing with the scripted errors, one per call, then succeeding. */
function scripted(clock: VirtualClock, plan: (Error | undefined)[]): CompletionPort & { at: number[] } {
  const at: number[] = [];
  return {
    at,
    complete() {
      at.push(clock.now());
      const e = plan.shift();
      return e ? Promise.reject(e) : Promise.resolve(OK);
    },
  };
}

async function run<T>(clock: VirtualClock, p: Promise<T>): Promise<T | unknown> {
  const settled = p.then((v) => v, (e: unknown) => e);
  for (let i = 0; i < 50 && clock.pendingTimers() >= 0; i++) {
    await new Promise((r) => setImmediate(r));
    if (!clock.fireNext()) break;
  }
  return settled;
}

test('retry: a Transient is retried after the backoff; Invalid and Fatal are not retried', async () => {
  const clock = new VirtualClock(0);
  const port = scripted(clock, [new Transient('blip')]);
  assert.equal(await run(clock, withRetry(port, { clock, backoffMs: 300 }).complete(CALL)), OK);
  assert.equal(port.at, [0, 300]);
  for (const e of [new Invalid('bad'), new Fatal('gone')]) {
    const p2 = scripted(clock, [e]);
    assert.is(await run(clock, withRetry(p2, { clock }).complete(CALL)), e);
    assert.is(p2.at.length, 1);
  }
});

test('retry: retry-after up to the cap is waited; above it the error goes straight back', async () => {
  const clock = new VirtualClock(0);
  const port = scripted(clock, [new RateLimited('slow down', 1_500)]);
  assert.equal(await run(clock, withRetry(port, { clock, maxRetryAfterMs: 2_000 }).complete(CALL)), OK);
  assert.equal(port.at, [0, 1_500]);
  const long = new RateLimited('tomorrow', 3_600_000);
  const p2 = scripted(clock, [long]);
  assert.is(await run(clock, withRetry(p2, { clock, maxRetryAfterMs: 2_000 }).complete(CALL)), long);
  assert.is(p2.at.length, 1);
  const p3 = scripted(clock, [new Transient('a'), new Transient('b'), new Transient('c')]);
  const e = await run(clock, withRetry(p3, { clock, attempts: 2 }).complete(CALL));
  assert.instance(e, Transient);
  assert.is(p3.at.length, 2, 'attempts is the total, first included');
});

test('breaker: opens after N failures in a row, refuses without calling, probes once after openMs, closes on success', async () => {
  const clock = new VirtualClock(0);
  const port = scripted(clock, [new Transient('1'), new Transient('2'), new Transient('3')]);
  const b = withBreaker(port, { clock, failures: 3, openMs: 30_000 });
  for (let i = 0; i < 3; i++) assert.instance(await b.complete(CALL).catch((e: unknown) => e), Transient);
  assert.is(b.state(), 'open');
  assert.is(b.opened, 1);
  const refused = await b.complete(CALL).catch((e: unknown) => e);
  assert.instance(refused, CircuitOpen);
  assert.instance(refused, Transient);
  assert.is(port.at.length, 3, 'no call while open');
  await clock.advanceBy(29_999);
  assert.is(b.state(), 'open');
  await clock.advanceBy(1);
  assert.is(b.state(), 'half-open');
  assert.equal(await b.complete(CALL), OK);
  assert.is(b.state(), 'closed');
  assert.is(port.at.length, 4);
});

test('breaker: a failed probe opens it again for another period; only one probe at a time', async () => {
  const clock = new VirtualClock(0);
  let release: (() => void) | undefined;
  let calls = 0;
  const fails = [true, true, true];
  const port: CompletionPort = {
    complete() {
      calls++;
      if (fails.shift()) return Promise.reject(new Transient('down'));
      return new Promise((resolve) => (release = () => resolve(OK)));
    },
  };
  const b = withBreaker(port, { clock, failures: 2, openMs: 10_000 });
  await b.complete(CALL).catch(() => undefined);
  await b.complete(CALL).catch(() => undefined);
  assert.is(b.state(), 'open');
  await clock.advanceBy(10_000);
  assert.instance(await b.complete(CALL).catch((e: unknown) => e), Transient, 'the probe fails');
  assert.is(b.state(), 'open');
  assert.is(b.opened, 2);
  await clock.advanceBy(9_999);
  assert.instance(await b.complete(CALL).catch((e: unknown) => e), CircuitOpen);
  await clock.advanceBy(1);
  const probe = b.complete(CALL);
  assert.instance(await b.complete(CALL).catch((e: unknown) => e), CircuitOpen, 'a second caller waits for the probe');
  release!();
  assert.equal(await probe, OK);
  assert.is(b.state(), 'closed');
  assert.is(calls, 4);
});

test('breaker: one prompt too large (413) does not count as the model failing; malformed answers and 400s do', async () => {
  const clock = new VirtualClock(0);
  const port = scripted(clock, [new Invalid('413', 'request.size'), new Invalid('413', 'request.size'), new Invalid('413', 'request.size')]);
  const b = withBreaker(port, { clock, failures: 2 });
  for (let i = 0; i < 3; i++) await b.complete(CALL).catch(() => undefined);
  assert.is(b.state(), 'closed');
  const bad = scripted(clock, [new Invalid('malformed', 'response'), new Invalid('malformed', 'response')]);
  const b2 = withBreaker(bad, { clock, failures: 2 });
  for (let i = 0; i < 2; i++) await b2.complete(CALL).catch(() => undefined);
  assert.is(b2.state(), 'open', 'malformed responses do count');
  const refused = scripted(clock, [new Invalid('400', 'request'), new Invalid('400', 'request')]);
  const b3 = withBreaker(refused, { clock, failures: 2 });
  for (let i = 0; i < 2; i++) await b3.complete(CALL).catch(() => undefined);
  assert.is(b3.state(), 'open', 'a model refusing every request does count');
});

test('breaker: a Fatal error (retired model, rejected key) opens it at once, for the long period', async () => {
  const clock = new VirtualClock(0);
  const port = scripted(clock, [new Fatal('404 model_not_found')]);
  const b = withBreaker(port, { clock, failures: 3, openMs: 30_000, fatalOpenMs: 600_000 });
  assert.instance(await b.complete(CALL).catch((e: unknown) => e), Fatal);
  assert.is(b.state(), 'open');
  await clock.advanceBy(30_000);
  assert.is(b.state(), 'open', 'not probed after the short period');
  await clock.advanceBy(570_000);
  assert.is(b.state(), 'half-open');
  assert.equal(await b.complete(CALL), OK);
  assert.is(b.state(), 'closed');
});

test('quota layer: calls in flight hold their slot, so concurrent calls cannot all take the last one; a failed call gives it back', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
  const pending: ((c: Completion) => void)[] = [];
  const slow: CompletionPort = { complete: () => new Promise((resolve) => pending.push(resolve)) };
  const q = withQuota(slow, { clock, limits: { ...FREE_TIER, rpm: 2 } });
  const a = q.complete({ ...CALL, purpose: 'answer' });
  const b = q.complete({ ...CALL, purpose: 'answer' });
  const c = await q.complete({ ...CALL, purpose: 'answer' }).catch((e: unknown) => e);
  assert.instance(c, QuotaRefused);
  assert.is((c as QuotaRefused).reason, 'rpm');
  assert.is(pending.length, 2, 'the third was never sent');
  pending.forEach((resolve) => resolve(OK));
  await Promise.all([a, b]);
  assert.is(q.state.dayRequests, 2);
  assert.is(q.state.dayTokens, 2 * (OK.promptTokens + OK.completionTokens), 'the estimates were replaced by the usage');
  const failing = withQuota(scripted(clock, [new Transient('down')]), { clock, limits: FREE_TIER });
  await failing.complete(CALL).catch(() => undefined);
  assert.is(failing.state.dayRequests, 0, 'a failed call is not counted');
  assert.is(failing.state.minute.length, 0);
});

test.run();
