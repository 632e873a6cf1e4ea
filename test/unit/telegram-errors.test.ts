// grammY's errors as our typed errors: a network failure before the request was written may be
// retried (Transient); a sendMessage whose request may have reached Telegram is OutcomeUnknown (the
// chat never sends it again); tokens never survive into the message.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpError } from 'grammy';
import { OutcomeUnknown, Transient } from '../../actors/index.ts';
import { toTyped } from '../../transport/index.ts';

const TOKEN = '7000000001:AAHsecretSECRETsecret12345';
/** What grammY throws when fetch fails: its HttpError around fetch's TypeError with the socket's cause. */
const network = (code?: string): HttpError =>
  new HttpError(`Network request for 'sendMessage' failed! (bot${TOKEN})`, Object.assign(new TypeError('fetch failed'), code ? { cause: Object.assign(new Error(code), { code }) } : {}));

test('sendMessage: refused or unresolved before sending → Transient; reset, closed or timed out after → OutcomeUnknown', () => {
  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT']) {
    const e = toTyped(network(code), 'sendMessage', [TOKEN]);
    assert.ok(e instanceof Transient && !(e instanceof OutcomeUnknown), `${code}: ${e.name}`);
  }
  for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', undefined]) {
    const e = toTyped(network(code), 'sendMessage', [TOKEN]);
    assert.ok(e instanceof OutcomeUnknown, `${code ?? 'no code'}: ${e.name}`);
  }
});

test('other methods stay Transient on any network failure (repeating them shows nothing twice)', () => {
  for (const method of ['sendChatAction', 'setMessageReaction', 'getUpdates']) {
    const e = toTyped(network('ECONNRESET'), method, [TOKEN]);
    assert.ok(e instanceof Transient && !(e instanceof OutcomeUnknown), `${method}: ${e.name}`);
  }
});

test('the token is redacted from every message', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET']) {
    const e = toTyped(network(code), 'sendMessage', [TOKEN]);
    assert.not.ok(e.message.includes('AAHsecret'), e.message);
    assert.match(e.message, new RegExp(code));
  }
});

test.run();
