// The pure quota of one model: minute and day windows, the even spread of the day for routine turns
// with a reserve for answers, syncing from Groq's headers, 429 back-off and Groq's duration format.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FREE_TIER, admit, blockUntil, createQuota, observe, parseDuration, record, remaining } from '../../transport/index.ts';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 10, 23);

test('requests per minute: the 31st in a rolling minute is refused until the oldest leaves', () => {
  const q = createQuota(FREE_TIER, D0);
  const t = D0 + 20 * 3_600_000;
  for (let i = 0; i < 30; i++) {
    assert.ok(admit(q, t + i, 100, 'answer').ok);
    record(q, t + i, 100);
  }
  const no = admit(q, t + 30, 100, 'answer');
  assert.equal(no, { ok: false, reason: 'rpm', retryAt: t + 60_000 });
  assert.ok(admit(q, t + 60_001, 100, 'answer').ok);
});

test('tokens per minute: a call that would pass 8K in the minute is refused', () => {
  const q = createQuota(FREE_TIER, D0);
  const t = D0 + 20 * 3_600_000;
  record(q, t, 7_500);
  assert.is((admit(q, t + 1, 600, 'answer') as { reason: string }).reason, 'tpm');
  assert.ok(admit(q, t + 1, 400, 'answer').ok);
});

test('per day: answers may use the whole day, then nothing until the next UTC day', () => {
  const q = createQuota({ ...FREE_TIER, rpm: 10_000, tpm: 10_000_000 }, D0);
  const t = D0 + 23 * 3_600_000;
  for (let i = 0; i < 1_000; i++) record(q, t + i, 10);
  assert.equal(admit(q, t + 2_000, 10, 'answer'), { ok: false, reason: 'rpd', retryAt: D0 + DAY });
  assert.ok(admit(q, D0 + DAY, 10, 'answer').ok, 'a new day starts from zero');
  assert.equal(remaining(q, D0 + DAY), { requests: 1_000, tokens: 200_000 });
});

test('pacing: routine use follows the even spread of the day minus the reserve, plus a burst', () => {
  const q = createQuota({ ...FREE_TIER, rpm: 10_000, tpm: 10_000_000 }, D0);
  // At 06:00 UTC a quarter of the day has passed: routine may use 0.8 × (0.25 + 0.02) × 1000 = 216.
  const t = D0 + 6 * 3_600_000;
  let n = 0;
  while (admit(q, t, 10, 'routine').ok) {
    record(q, t, 10);
    n++;
  }
  assert.is(n, 216);
  const no = admit(q, t, 10, 'routine');
  assert.is(no.ok, false);
  assert.is((no as { reason: string }).reason, 'paced');
  const retryAt = (no as { retryAt: number }).retryAt;
  assert.ok(retryAt > t && retryAt < t + 5 * 60_000, `next routine slot ${(retryAt - t) / 1000} s later`);
  assert.ok(admit(q, retryAt, 10, 'routine').ok, 'and it is free then');
  assert.ok(admit(q, t, 10, 'answer').ok, 'answers are not paced');
});

test('pacing: routine use over a whole day never eats the reserve', () => {
  const q = createQuota({ ...FREE_TIER, rpm: 10_000, tpm: 10_000_000 }, D0);
  let used = 0;
  for (let t = D0; t < D0 + DAY; t += 10_000) {
    if (admit(q, t, 50, 'routine').ok) {
      record(q, t, 50);
      used++;
    }
  }
  assert.ok(used >= 790 && used <= 800, `routine used ${used} of 1000`);
  assert.ok(admit(q, D0 + DAY - 1, 50, 'answer').ok, 'the reserve is still there for answers');
});

test('headers: remaining requests (per day) and tokens (per minute) only tighten our counts', () => {
  const q = createQuota(FREE_TIER, D0);
  const t = D0 + 12 * 3_600_000;
  record(q, t, 100);
  observe(q, t, { limitRequests: 1_000, remainingRequests: 400, limitTokens: 8_000, remainingTokens: 500, resetTokensMs: 7_660 });
  assert.is(q.dayRequests, 600, 'another process used the quota too');
  assert.is((admit(q, t + 1, 600, 'answer') as { reason: string }).reason, 'tpm');
  assert.ok(admit(q, t + 7_661, 600, 'answer').ok, 'the provider said the minute frees after 7.66 s');
  observe(q, t, { remainingRequests: 900 });
  assert.is(q.dayRequests, 600, 'a looser header does not loosen');
});

test('headers naming a smaller limit lower ours: "99 left of 100" is one used, not 901', () => {
  const q = createQuota({ ...FREE_TIER, rpm: 10_000 }, D0);
  const t = D0 + 12 * 3_600_000;
  record(q, t, 100);
  observe(q, t, { limitRequests: 100, remainingRequests: 99 });
  assert.equal(remaining(q, t), { requests: 99, tokens: 199_900 });
  // Routine pacing now spreads 100 a day: at noon 0.8 × (0.5 + 0.02) × 100 = 41.6 routine requests.
  let n = 1;
  while (admit(q, t, 10, 'routine').ok) {
    record(q, t, 10);
    n++;
  }
  assert.is(n, 41);
});

test('a 429 blocks the model until its retry-after', () => {
  const q = createQuota(FREE_TIER, D0);
  blockUntil(q, D0 + 5_000);
  assert.equal(admit(q, D0 + 1, 10, 'answer'), { ok: false, reason: 'blocked', retryAt: D0 + 5_000 });
  assert.ok(admit(q, D0 + 5_000, 10, 'answer').ok);
});

test('Groq durations', () => {
  assert.is(parseDuration('2m59.56s'), 179_560);
  assert.is(parseDuration('7.66s'), 7_660);
  assert.is(parseDuration('120ms'), 120);
  assert.is(parseDuration('1h2m'), 3_720_000);
  assert.is(parseDuration('soon'), undefined);
  assert.is(parseDuration(''), undefined);
  assert.throws(() => createQuota({ ...FREE_TIER, rpd: 0 }, 0), /rpd/);
});

test.run();
