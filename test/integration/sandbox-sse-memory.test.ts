// 200 event-stream clients that never read, against `piyasa sandbox` in its own process, while 6,000
// messages of 4,000 characters go through the group (about 48 MB of events per client, more than the
// kernel's socket buffers take): the process's peak RSS stays under a fixed bound, clients past the
// cap are refused, the stuck ones are dropped, and the sandbox still answers. Measured on a busy
// 2-core machine: bounded, +110 MB of peak RSS (mostly the 5,000 messages kept and heap slack); with
// the cap and the buffer bound taken out, +460 MB and growing with every message, no socket closed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { root } from './piyasa-run.ts';

const CLIENTS = 200;
const MESSAGES = 6_000;
/** Peak RSS the sandbox may add over its idle RSS: 100 streams × 256 KiB of buffer, a snapshot each,
 * the 5,000 messages kept per chat and the heap's slack, with twice the margin. */
const BOUND_MB = 250;

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Opens /events and reads only the status line, then stops reading for good. `closed` turns true
 * when the sandbox ends the connection. */
function stuckClient(port: number): Promise<{ socket: Socket; status: number; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('end', () => (closed = true));
    socket.on('close', () => (closed = true));
    socket.once('data', (d: Buffer) => {
      socket.pause();
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'))?.[1] ?? 0), closed: () => closed });
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

test(`${CLIENTS} event-stream clients that never read keep the sandbox under +${BOUND_MB} MB of peak RSS`, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'infra/cli/main.ts'), 'sandbox', '--port', '0', '--limits', 'off'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const sockets: Socket[] = [];
  try {
    const deadline = Date.now() + 30_000;
    while (!/groups: .*\((-\d+)\)/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const port = Number(/sandbox at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const group = Number(/groups: .*\((-\d+)\)/.exec(out)?.[1]);
    assert.ok(port > 0 && group < 0, out);
    const url = `http://127.0.0.1:${port}`;
    // Warm up (JIT, the first messages and snapshots), then take the idle figure.
    for (let i = 0; i < 50; i++) await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: group, username: 'isinma', text: `ısınma ${i}` }) });
    const idle = memory(child.pid!);

    const clients = [];
    for (let i = 0; i < CLIENTS; i++) clients.push(await stuckClient(port));
    sockets.push(...clients.map((c) => c.socket));
    const accepted = clients.filter((c) => c.status === 200).length;
    const refused = clients.filter((c) => c.status === 503).length;
    assert.equal([accepted, refused], [100, 100], 'the cap: 100 streams, the rest refused');

    const text = 'ş'.repeat(4_000);
    let next = 0;
    const statuses = new Map<number, number>();
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = next++; i < MESSAGES; i = next++) {
        const r = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: group, username: 'deniz', text: `${i} ${text}` }) });
        await r.arrayBuffer();
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }));
    assert.equal([...statuses], [[200, MESSAGES]]);
    const after = memory(child.pid!);
    const state = await fetch(`${url}/api/state`);
    assert.is(state.status, 200, 'the sandbox still answers');
    // A dropped stream's socket was closed by the sandbox: read now, it ends once the kernel's buffers are read.
    for (const s of sockets) s.resume();
    const end = Date.now() + 10_000;
    while (clients.some((c) => !c.closed()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const dropped = clients.filter((c) => c.closed()).length;
    console.log(`  idle RSS ${idle.rss.toFixed(0)} MB; after ${MESSAGES} messages to ${accepted} stuck streams: RSS ${after.rss.toFixed(0)} MB, peak ${after.peak.toFixed(0)} MB (bound: idle + ${BOUND_MB} MB); ${dropped} of ${CLIENTS} sockets closed by the sandbox`);
    assert.ok(after.peak - idle.rss < BOUND_MB, `peak RSS ${after.peak.toFixed(0)} MB, idle ${idle.rss.toFixed(0)} MB`);
    assert.is(dropped, CLIENTS, 'every refused and every stuck stream was closed by the sandbox');
  } finally {
    for (const s of sockets) s.destroy();
    child.kill('SIGINT');
    await new Promise((r) => child.once('close', r));
  }
});

test.run();
