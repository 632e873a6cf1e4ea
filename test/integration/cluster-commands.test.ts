// Two `piyasa node` processes (in-memory Telegram each) steered from outside with a raw NATS client:
// the cluster's status lists both nodes and their partitions; a chat command reaches the chat's actor
// on whichever node owns it; a bot added by command starts on the owner of its partition (not on the
// node that took the command) and speaks in the chat it joined; each node serves /metrics with its
// partitions, /readyz and the console; a bot added, disabled, given a memory and enabled in the console
// and one the same by `piyasa cmd` leave the same rows (one handler).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ClusterRun } from '../../infra/bench/cluster-run.ts';
import { loadConfig } from '../../infra/bench/cluster-config.ts';
import { PASSWORD } from './console-fixture.ts';
import { piyasa } from './piyasa-run.ts';

const config = loadConfig(6, 3);
let run: ClusterRun;
let nc: NatsConnection;
const url = new Map<string, string>();

type Reply = Record<string, unknown> & { ok: boolean };
async function ask(subject: string, body: unknown): Promise<Reply> {
  const m = await nc.request(subject, JSON.stringify(body), { timeout: 10_000 });
  return JSON.parse(m.string()) as Reply;
}

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.before(async () => {
  run = await ClusterRun.create({ config, telegram: 'memory' });
  for (const id of ['n1', 'n2']) {
    const p = await run.startNode(id);
    url.set(id, (await p.waitForOutput(/HTTP: (http:\/\/\S+)\/metrics/, 10_000))[1]!);
  }
  nc = await connect({ servers: run.natsUrl });
  // Both nodes hold partitions.
  await until('both nodes to hold partitions', async () => new Set((await run.leases()).values()).size === 2 || undefined, 30_000);
});

test.after(async () => {
  await nc?.close();
  await run?.close();
});

test('status: both nodes and their partitions, the catalog', async () => {
  const st = await until('status to list both nodes', async () => {
    const r = await ask(`${run.prefix}.cmd`, { cmd: 'status' });
    return (r.nodes as unknown[]).length === 2 ? r : undefined;
  });
  const nodes = st.nodes as { id: string; partitions: number }[];
  assert.equal(nodes.map((n) => n.id).sort(), ['n1', 'n2']);
  assert.is(nodes.reduce((a, n) => a + n.partitions, 0), 64);
  assert.equal([st.ok, st.partitions, st.bots, st.chats], [true, 64, config.bots.length, config.chats.length]);
});

test('a chat command reaches the chat\'s owner, wherever it is: pause, status, say (the said event on NATS), resume', async () => {
  const leases = await run.leases();
  const ownerOf = (chat: string) => leases.get(run.partitionOf(chat));
  for (const node of ['n1', 'n2']) {
    const chat = config.chats.find((c) => ownerOf(c.id) === node)?.id;
    if (!chat) continue;
    const subject = `${run.prefix}.chat.${chat}.cmd`;
    assert.is((await ask(subject, { cmd: 'pause' })).ok, true);
    try {
      const st = await ask(subject, { cmd: 'status' });
      assert.equal([st.ok, st.paused], [true, true], JSON.stringify(st));
      // Paused means no new turn: one already on the floor is still delivered (a loaded machine may be slow with it).
      await until('the turn in flight to end', async () => (await ask(subject, { cmd: 'status' })).floor === null || undefined);
      const said = nc.subscribe(`${run.prefix}.chat.${chat}.said`, { max: 1 });
      const bot = config.chats.find((c) => c.id === chat)!.members[0]!;
      const r = await ask(subject, { cmd: 'say', bot, text: `Komut ${node} üstünden geldi` });
      assert.is(r.ok, true, JSON.stringify(r));
      for await (const m of said) {
        const e = JSON.parse(m.string()) as { bot: string; text: string };
        assert.equal([e.bot, e.text], [bot, `Komut ${node} üstünden geldi`]);
      }
    } finally {
      assert.is((await ask(subject, { cmd: 'resume' })).ok, true);
    }
  }
});

test('bots.add and members.add: the bot starts on its partition\'s owner and speaks in its chat', async () => {
  const hosted = async () => {
    let bots = 0;
    for (const id of ['n1', 'n2']) bots += (await run.status(id))?.bots ?? 0;
    return bots;
  };
  assert.is(await hosted(), config.bots.length);
  const persona = { ...config.bots[0]!, id: 'selin_new', name: 'Selin', handle: 'selin_new_bot' } as Record<string, unknown>;
  delete persona.stances;
  const added = await ask(`${run.prefix}.cmd`, { cmd: 'bots.add', bot: persona });
  assert.is(added.ok, true, JSON.stringify(added));
  await until('the new bot to run on one node', async () => (await hosted()) === config.bots.length + 1 || undefined);
  const chat = config.chats[0]!.id;
  const said = nc.subscribe(`${run.prefix}.chat.${chat}.said`);
  assert.is((await ask(`${run.prefix}.cmd`, { cmd: 'members.add', chat, bot: 'selin_new' })).ok, true);
  const timer = setTimeout(() => said.unsubscribe(), 60_000);
  let spoke = false;
  const seen: string[] = [];
  for await (const m of said) {
    seen.push((JSON.parse(m.string()) as { bot: string }).bot);
    if (seen.at(-1) === 'selin_new') {
      spoke = true;
      break;
    }
  }
  clearTimeout(timer);
  said.unsubscribe();
  assert.ok(spoke, `the added bot spoke in its chat (heard ${seen.join(', ')})`);
});

test('one handler: bots added, disabled, given a memory and enabled in the console (n2) and by piyasa cmd leave the same rows', async () => {
  const env = { DATABASE_URL: run.databaseUrl, NATS_URL: run.natsUrl };
  const user = await piyasa(['users', 'add', 'ops', '--role', 'operator'], { env, stdin: `${PASSWORD}\n` });
  assert.is(user.code, 0, user.stderr);
  const base = url.get('n2')!;
  const origin = new URL(base).origin;
  const login = await fetch(`${base}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ username: 'ops', password: PASSWORD }) });
  assert.is(login.status, 200, await login.clone().text());
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const persona = (id: string) => {
    const p = { ...config.bots[1]!, id, name: `Deniz ${id.slice(-3)}`, handle: `${id}_bot` } as Record<string, unknown>;
    delete p.stances;
    return p;
  };
  const viaConsole = await fetch(`${base}/console/api/command`, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie }, body: JSON.stringify({ cmd: 'bots.add', bot: persona('deniz_con') }) });
  assert.is(viaConsole.status, 200, await viaConsole.clone().text());
  assert.is(((await viaConsole.json()) as Reply).ok, true);
  const viaCmd = await piyasa(['cmd', `${run.prefix}.cmd`, JSON.stringify({ cmd: 'bots.add', bot: persona('deniz_cmd') })], { env });
  assert.is(viaCmd.code, 0, viaCmd.stderr + viaCmd.stdout);
  const rows = await run.query<{ id: string; persona: Record<string, unknown>; enabled: boolean; token_mask: string | null }>(
    `select id, persona, enabled, token_mask from bots where id in ('deniz_con', 'deniz_cmd') order by id`);
  assert.is(rows.length, 2);
  const same = (r: (typeof rows)[number]) => ({ ...r, id: undefined, persona: { ...r.persona, id: undefined, name: undefined, handle: undefined } });
  assert.equal(same(rows[0]!), same(rows[1]!), 'the same row but for id, name and handle');
  // Both running on their partitions' owners, both in the change log with who sent them.
  await until('both new bots to run', async () => {
    let bots = 0;
    for (const id of ['n1', 'n2']) bots += (await run.status(id))?.bots ?? 0;
    return bots === config.bots.length + 3 || undefined;
  });
  const audit = await run.query<{ actor: string; target: string | null }>(`select actor, target from console_audit where action = 'bots.add' order by id`);
  assert.ok(audit.some((a) => a.actor.startsWith('ops') && String(a.target).includes('deniz_con')), JSON.stringify(audit));

  // The same for disabling them, giving each a memory and enabling them again — crosswise.
  const viaBoth = async (con: Record<string, unknown>, cmd: Record<string, unknown>) => {
    const r = await fetch(`${base}/console/api/command`, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie }, body: JSON.stringify(con) });
    const reply = (await r.json()) as Reply;
    assert.equal([r.status, reply.ok], [200, true], JSON.stringify(reply));
    const c = await piyasa(['cmd', `${run.prefix}.cmd`, JSON.stringify(cmd)], { env });
    assert.is(c.code, 0, c.stderr + c.stdout);
  };
  const hosted = async () => {
    let bots = 0;
    for (const id of ['n1', 'n2']) bots += (await run.status(id))?.bots ?? 0;
    return bots;
  };
  await viaBoth({ cmd: 'bots.disable', bot: 'deniz_con' }, { cmd: 'bots.disable', bot: 'deniz_cmd' });
  const memory = { kind: 'preference', content: 'Temettü hisselerini sever', about: 'deniz', relevance: 0.7 };
  await viaBoth({ cmd: 'memories.add', bot: 'deniz_con', memory }, { cmd: 'memories.add', bot: 'deniz_cmd', memory });
  const off = await run.query<{ id: string; enabled: boolean; removed_at: string | null }>(`select id, enabled, removed_at from bots where id in ('deniz_con', 'deniz_cmd') order by id`);
  assert.equal(off, [{ id: 'deniz_cmd', enabled: false, removed_at: null }, { id: 'deniz_con', enabled: false, removed_at: null }]);
  await until('both disabled bots to stop, wherever they ran', async () => (await hosted()) === config.bots.length + 1 || undefined);
  const memories = await run.query<{ bot_id: string; kind: string; content: string; about: string; relevance: number }>(
    `select bot_id, kind, content, about, relevance from memories where bot_id in ('deniz_con', 'deniz_cmd') order by bot_id`);
  assert.equal(memories.map((m) => ({ ...m, bot_id: undefined })), [{ ...memory, bot_id: undefined }, { ...memory, bot_id: undefined }]);
  await viaBoth({ cmd: 'bots.enable', bot: 'deniz_cmd' }, { cmd: 'bots.enable', bot: 'deniz_con' });
  await until('both to run again', async () => (await hosted()) === config.bots.length + 3 || undefined);
  const changes = await run.query<{ action: string; ok: boolean }>(`select action, ok from console_audit where action in ('bots.disable', 'bots.enable', 'memories.add') order by id`);
  assert.equal(changes, [{ action: 'bots.disable', ok: true }, { action: 'memories.add', ok: true }, { action: 'bots.enable', ok: true }]);
});

test('each node: /metrics with its partitions, /readyz ready, the console', async () => {
  for (const id of ['n1', 'n2']) {
    const base = url.get(id)!;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const owned = Number(/^piyasa_partitions_owned\{[^}]*\} (\d+)/m.exec(metrics)?.[1]);
    assert.ok(owned > 0 && owned < 64, `${id} owns ${owned}`);
    const ready = await fetch(`${base}/readyz`);
    assert.is(ready.status, 200, await ready.text());
    const console = await fetch(`${base}/console/`);
    assert.is(console.status, 200);
    assert.match(await console.text(), /<html/i);
  }
});

test.run();
