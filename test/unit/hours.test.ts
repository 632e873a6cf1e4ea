// Hour ranges and wall-clock time in a timezone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Invalid } from '../../actors/errors.ts';
import {
  compileRanges, inCompiled, inRanges, isValidTimeZone, localTime, minuteOfDayAt, parseRange,
} from '../../actors/domain/hours.ts';

const IST = 'Europe/Istanbul';
/** Epoch ms of a UTC wall-clock time. */
const utc = (iso: string): number => Date.parse(`${iso}Z`);

test('parseRange reads HH:MM-HH:MM into minutes of the day', () => {
  assert.equal(parseRange('09:30-12:00'), { startMin: 570, endMin: 720 });
  assert.equal(parseRange('22:00-02:00'), { startMin: 1320, endMin: 120 });
  assert.equal(parseRange('00:00-23:59'), { startMin: 0, endMin: 1439 });
});

test('parseRange rejects bad text with Invalid naming the text and the rule', () => {
  for (const bad of ['9-12', '24:00-01:00', '10:60-11:00', '10:00-10:00', '', 'abc', '10:00_12:00']) {
    try {
      parseRange(bad);
      assert.unreachable(`accepted ${bad}`);
    } catch (err) {
      assert.instance(err, Invalid);
      assert.ok((err as Error).message.includes(JSON.stringify(bad)), (err as Error).message);
    }
  }
  assert.throws(() => parseRange('10:00-10:00'), /must differ/);
  assert.throws(() => parseRange('25:00-26:00'), /between 00:00 and 23:59/);
});

test('localTime converts to Istanbul (UTC+3) with weekday', () => {
  // 2026-11-13 is a Friday.
  const t = localTime(utc('2026-11-13T21:30:00'), IST);
  assert.equal(t, { hour: 0, minute: 30, weekday: 6, minuteOfDay: 30 });
  assert.equal(localTime(utc('2026-11-13T06:59:59'), IST), { hour: 9, minute: 59, weekday: 5, minuteOfDay: 599 });
  assert.is(minuteOfDayAt(utc('2026-11-13T06:59:59'), IST), 599);
});

test('localTime follows daylight saving time (New York, spring forward)', () => {
  // 2026-03-08 07:00 UTC = 03:00 EDT; one minute before the switch it is 01:59 EST.
  assert.is(localTime(utc('2026-03-08T06:59:00'), 'America/New_York').hour, 1);
  assert.is(localTime(utc('2026-03-08T07:00:00'), 'America/New_York').hour, 3);
  assert.is(localTime(utc('2026-07-01T12:00:00'), 'UTC').minuteOfDay, 720);
});

test('inRanges: inclusive start, exclusive end', () => {
  const r = ['09:30-12:00'];
  assert.ok(inRanges(r, utc('2026-11-13T06:30:00'), IST)); // 09:30
  assert.not.ok(inRanges(r, utc('2026-11-13T06:29:00'), IST)); // 09:29
  assert.not.ok(inRanges(r, utc('2026-11-13T09:00:00'), IST)); // 12:00
  assert.ok(inRanges(r, utc('2026-11-13T08:59:00'), IST)); // 11:59
});

test('inRanges: ranges crossing midnight and several ranges', () => {
  const night = ['22:00-02:00'];
  assert.ok(inRanges(night, utc('2026-11-13T19:00:00'), IST)); // 22:00
  assert.ok(inRanges(night, utc('2026-11-13T22:30:00'), IST)); // 01:30
  assert.not.ok(inRanges(night, utc('2026-11-13T23:00:00'), IST)); // 02:00
  assert.not.ok(inRanges(night, utc('2026-11-13T12:00:00'), IST)); // 15:00
  const split = ['09:00-12:00', '14:00-17:00'];
  assert.ok(inRanges(split, utc('2026-11-13T12:00:00'), IST)); // 15:00
  assert.not.ok(inRanges(split, utc('2026-11-13T10:00:00'), IST)); // 13:00
});

test('inRanges: empty list is always true; bad timezone or range throws Invalid', () => {
  assert.ok(inRanges([], 0, IST));
  assert.throws(() => inRanges(['09:00-10:00'], 0, 'Mars/Olympus'), (e: unknown) => e instanceof Invalid);
  assert.throws(() => inRanges(['9h-10h'], 0, IST), (e: unknown) => e instanceof Invalid);
});

test('compileRanges + inCompiled agree with inRanges on every minute', () => {
  const ranges = ['23:30-00:30', '08:00-08:01'];
  const c = compileRanges(ranges);
  const start = utc('2026-11-12T21:00:00'); // 00:00 Istanbul
  for (let m = 0; m < 1440; m++) {
    const expected = m >= 1410 || m < 30 || m === 480;
    assert.is(inCompiled(c, m), expected, `minute ${m}`);
    assert.is(inRanges(ranges, start + m * 60_000, IST), expected, `minute ${m}`);
  }
  assert.ok(inCompiled(compileRanges([]), 700));
});

test('isValidTimeZone', () => {
  assert.ok(isValidTimeZone(IST));
  assert.ok(isValidTimeZone('UTC'));
  assert.not.ok(isValidTimeZone('Europe/Nowhere'));
  assert.not.ok(isValidTimeZone(''));
  assert.not.ok(isValidTimeZone(42));
});

test.run();
