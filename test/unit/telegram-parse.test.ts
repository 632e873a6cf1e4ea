// A raw Bot API update into a person's message: a reply carries the message id it answers and, when a
// bot wrote that message, the bot's username (Telegram's reply_to_message.from).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseUpdate } from '../../transport/index.ts';

const GROUP = -100123;
const chats = new Map([[GROUP, 'demo']]);
const person = { id: 42, is_bot: false, username: 'deniz' };
const update = (reply?: object) => ({
  update_id: 1,
  message: { message_id: 10, chat: { id: GROUP, type: 'supergroup' }, from: person, text: 'katılmıyorum', ...(reply ? { reply_to_message: reply } : {}) },
});
const human = (raw: unknown) => {
  const v = parseUpdate(raw, chats, 1_000);
  if (v.kind !== 'human') throw new Error(`not a person's message: ${JSON.stringify(v)}`);
  return v.message;
};

test("a reply to a bot's message carries the bot's username; a reply to a person's does not", () => {
  const toBot = human(update({ message_id: 7, from: { id: 9, is_bot: true, username: 'can_chartist_bot' }, text: 'ETH kanal içinde' }));
  assert.is(toBot.replyTo, 7);
  assert.is(toBot.replyToHandle, 'can_chartist_bot');
  const toPerson = human(update({ message_id: 8, from: { id: 43, is_bot: false, username: 'ayse' }, text: 'merhaba' }));
  assert.is(toPerson.replyTo, 8);
  assert.is(toPerson.replyToHandle, undefined);
  assert.is(human(update()).replyToHandle, undefined);
  // What Telegram sends is not trusted: a name that is no username is left out.
  assert.is(human(update({ message_id: 7, from: { id: 9, is_bot: true, username: 'x y<script>' } })).replyToHandle, undefined);
  assert.is(human(update({ message_id: 7, from: 'can_chartist_bot' })).replyToHandle, undefined);
});

test.run();
