// The sandbox's one web page: the group live (messages with reply threads, reactions, typing), a card
// per bot with the mood and P&L the node reports, a composer to write as a group member, and the
// operator's commands (pause/resume, a news shock, a bot's line) answered as `piyasa cmd` answers.
// Plain HTML and JS over Server-Sent Events; every text goes in through textContent. A message's
// trace opens as a waterfall under the group (trace-view.ts) when the node keeps traces.
import { TRACE_CSS, TRACE_HTML, TRACE_JS } from './trace-view.ts';

export const PAGE_HTML = `<!doctype html>
<html lang="tr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Piyasa sandbox</title>
<style>
  :root { --bg:#0e1621; --panel:#17212b; --me:#2b5278; --bot:#182533; --text:#e4ecf2; --muted:#7d8b99; --accent:#6ab3f3; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.4 system-ui, sans-serif; background:var(--bg); color:var(--text); display:flex; height:100vh; }
  main { flex:1; display:flex; flex-direction:column; min-width:0; }
  header { padding:10px 16px; background:var(--panel); border-bottom:1px solid #0b121a; }
  header h1 { margin:0; font-size:16px; } header small { color:var(--muted); }
  #messages { flex:1; overflow-y:auto; padding:12px 16px; display:flex; flex-direction:column; gap:6px; }
  .msg { max-width:70%; padding:6px 10px; border-radius:10px; background:var(--bot); cursor:pointer; align-self:flex-start; }
  .msg.human { background:var(--me); align-self:flex-end; }
  .msg.target { outline:2px solid var(--accent); }
  .msg .who { font-weight:600; color:var(--accent); font-size:13px; }
  .msg .meta { color:var(--muted); font-size:11px; margin-left:6px; }
  .msg .quote { border-left:3px solid var(--accent); padding-left:6px; margin:3px 0; color:var(--muted); font-size:12px; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
  .msg .text { white-space:pre-wrap; word-wrap:break-word; }
  .reactions span { display:inline-block; background:#0b121a; border-radius:10px; padding:0 6px; margin:3px 3px 0 0; font-size:12px; }
  #typing { min-height:20px; padding:0 16px; color:var(--muted); font-style:italic; }
  form { display:flex; gap:6px; padding:10px 16px; background:var(--panel); align-items:center; flex-wrap:wrap; }
  form input { background:#0b121a; color:var(--text); border:1px solid #24313f; border-radius:6px; padding:8px; }
  #text { flex:1; min-width:200px; } #name { width:110px; }
  button { background:var(--accent); border:0; border-radius:6px; padding:8px 14px; color:#0e1621; font-weight:600; cursor:pointer; }
  #replying { width:100%; color:var(--muted); font-size:12px; display:none; } #replying button { padding:0 6px; margin-left:6px; }
  aside { width:290px; background:var(--panel); overflow-y:auto; padding:10px; border-left:1px solid #0b121a; }
  aside h2 { font-size:13px; color:var(--muted); margin:4px 0 8px; text-transform:uppercase; }
  .card { background:var(--bg); border-radius:8px; padding:8px 10px; margin-bottom:8px; cursor:pointer; }
  .card .name { font-weight:600; } .card .handle { color:var(--muted); font-size:12px; }
  .card .mood { font-size:12px; } .pnl.up { color:#5fd07b; } .pnl.down { color:#ef6b6b; } .card.down { opacity:.5; }
  #ops { background:var(--bg); border-radius:8px; padding:8px 10px; margin-bottom:12px; display:flex; flex-direction:column; gap:6px; }
  #ops input, #ops select { background:#0b121a; color:var(--text); border:1px solid #24313f; border-radius:6px; padding:5px; width:100%; }
  #ops .row { display:flex; gap:6px; } #ops button { padding:5px 10px; } #ops-result { font-size:12px; color:var(--muted); white-space:pre-wrap; word-wrap:break-word; }
  #ops-result.bad { color:#ef6b6b; }
${TRACE_CSS}
</style>
</head>
<body>
<main>
  <header><h1 id="title">Piyasa sandbox</h1><small id="sub">Telegram Bot API sandbox — bağlanıyor…</small> <select id="chat-select" aria-label="grup" hidden></select></header>
  <div id="messages" aria-live="polite"></div>
  ${TRACE_HTML}
  <div id="typing"></div>
  <form id="composer" autocomplete="off">
    <div id="replying">yanıt: <span id="replying-text"></span><button type="button" id="cancel-reply">×</button></div>
    <input id="name" value="misafir" aria-label="kullanıcı adı" pattern="[A-Za-z0-9_]{1,32}" required>
    <input id="text" placeholder="Mesaj yaz… (@bot ile seslen, mesaja tıklayıp yanıtla)" aria-label="mesaj" maxlength="4096" required>
    <button id="send" type="submit">Gönder</button>
  </form>
</main>
<aside>
  <h2>Komutlar</h2>
  <div id="ops">
    <div class="row"><button type="button" id="op-pause">Duraklat</button><button type="button" id="op-resume">Devam</button></div>
    <input id="op-headline" placeholder="Haber başlığı" aria-label="haber başlığı" maxlength="300">
    <div class="row"><select id="op-symbol" aria-label="sembol"></select><select id="op-impact" aria-label="etki">
      <option value="0.6">olumlu</option><option value="-0.6">olumsuz</option><option value="0.2">hafif olumlu</option><option value="-0.2">hafif olumsuz</option></select></div>
    <button type="button" id="op-news">Haber şoku</button>
    <div class="row"><select id="op-bot" aria-label="bot"></select></div>
    <input id="op-text" placeholder="Botun söyleyeceği…" aria-label="botun söyleyeceği" maxlength="4096">
    <button type="button" id="op-say">Bota söylet</button>
    <div id="op-result" aria-live="polite"></div>
  </div>
  <h2>Botlar</h2><div id="cards"></div>
</aside>
<script>
const $ = (id) => document.getElementById(id);
const messages = new Map();      // "chat:id" -> view
let chat = null;                  // the chat shown (the first one)
let replyTo = null;
const typing = new Map();         // username -> {name, until}
const key = (c, id) => c + ':' + id;

function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
function time(ms) { return new Date(ms).toLocaleTimeString('tr-TR', { hour: '2-digit', minute: '2-digit', second: '2-digit' }); }

function render(m) {
  messages.set(key(m.chatId, m.id), m);
  if (!chat || m.chatId !== chat.id) return;
  let node = document.querySelector('.msg[data-id="' + m.id + '"]');
  const fresh = !node;
  if (fresh) node = el('div');
  node.className = 'msg ' + (m.isBot ? 'bot' : 'human') + (replyTo === m.id ? ' target' : '');
  node.dataset.id = String(m.id);
  node.dataset.from = m.username || '';
  node.dataset.bot = String(m.isBot);
  if (m.replyTo !== undefined) node.dataset.replyTo = String(m.replyTo); else delete node.dataset.replyTo;
  node.replaceChildren();
  const who = el('span', 'who', m.name); node.append(who, el('span', 'meta', '#' + m.id + ' ' + time(m.at) + (m.edited ? ' · düzenlendi' : '')), traceButton(m));
  if (m.replyTo !== undefined) {
    const t = messages.get(key(m.chatId, m.replyTo));
    node.append(el('div', 'quote', '↳ ' + (t ? t.name + ': ' + t.text : '#' + m.replyTo)));
  }
  node.append(el('div', 'text', m.text));
  const rs = Object.entries(m.reactions || {});
  if (rs.length) { const r = el('div', 'reactions'); for (const [emoji, by] of rs) { const s = el('span', '', emoji + ' ' + by.length); s.title = by.join(', '); r.append(s); } node.append(r); }
  if (fresh) {
    const box = $('messages');
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.append(node);
    if (atBottom) box.scrollTop = box.scrollHeight;
    if (m.isBot) { typing.delete(m.username); showTyping(); }
  }
}

function showTyping() {
  const now = Date.now();
  const names = [...typing.values()].filter((t) => t.until > now).map((t) => t.name);
  $('typing').textContent = names.length ? names.join(', ') + (names.length > 1 ? ' yazıyorlar…' : ' yazıyor…') : '';
}
setInterval(showTyping, 1000);

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'USDTRY', 'EURTRY', 'XAUUSD', 'XAUTRY_GRAM', 'BIST:XU100', 'BIST:THYAO', 'BIST:AKBNK', 'BIST:GARAN', 'BIST:ASELS', 'BIST:EREGL', 'BIST:BIMAS', 'BIST:KCHOL', 'BIST:TUPRS', 'BIST:SISE', 'SOLUSDT'];
for (const s of SYMBOLS) { const o = el('option', '', s); o.value = s; $('op-symbol').append(o); }
async function command(body) {
  const out = $('op-result');
  if (!chat) return;
  out.className = ''; out.textContent = '…';
  try {
    const res = await fetch('/api/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: chat.id, body }) });
    const r = await res.json();
    out.className = r.ok ? '' : 'bad';
    out.textContent = r.ok ? 'tamam: ' + JSON.stringify(r) : (r.error || 'olmadı');
  } catch (e) { out.className = 'bad'; out.textContent = String(e); }
}
$('op-pause').onclick = () => command({ cmd: 'pause' });
$('op-resume').onclick = () => command({ cmd: 'resume' });
$('op-news').onclick = () => command({ cmd: 'news', headline: $('op-headline').value.trim(), symbols: [$('op-symbol').value], impact: Number($('op-impact').value) });
$('op-say').onclick = () => command({ cmd: 'say', bot: $('op-bot').value, text: $('op-text').value.trim() });

function cards(list) {
  const sel = $('op-bot'); const keep = sel.value; sel.replaceChildren();
  for (const c of list) { const o = el('option', '', c.name); o.value = c.username; sel.append(o); }
  if (keep) sel.value = keep;
  const box = $('cards'); box.replaceChildren();
  for (const c of list) {
    const card = el('div', 'card' + (c.down ? ' down' : '')); card.dataset.username = c.username;
    card.append(el('div', 'name', c.name), el('div', 'handle', '@' + c.username));
    if (c.mood) card.append(el('div', 'mood', 'ruh hali: ' + c.mood));
    if (typeof c.pnlPct === 'number') { const p = el('div', 'pnl ' + (c.pnlPct >= 0 ? 'up' : 'down'), 'K/Z: ' + (c.pnlPct >= 0 ? '+' : '') + c.pnlPct.toFixed(2) + '%'); card.append(p); }
    if (typeof c.sentLastHour === 'number') card.append(el('div', 'handle', 'son 1 saatte ' + c.sentLastHour + ' mesaj'));
    if (c.down) card.append(el('div', 'handle', c.down));
    card.onclick = () => { const t = $('text'); t.value = '@' + c.username + ' ' + t.value; t.focus(); };
    box.append(card);
  }
}

function setReply(id) {
  replyTo = id;
  for (const n of document.querySelectorAll('.msg.target')) n.classList.remove('target');
  if (id === null) { $('replying').style.display = 'none'; return; }
  const m = messages.get(key(chat.id, id));
  $('replying-text').textContent = m ? m.name + ': ' + m.text.slice(0, 80) : '#' + id;
  $('replying').style.display = 'block';
  const n = document.querySelector('.msg[data-id="' + id + '"]'); if (n) n.classList.add('target');
  $('text').focus();
}
$('messages').addEventListener('click', (e) => { const n = e.target.closest('.msg'); if (n) setReply(Number(n.dataset.id)); });
$('cancel-reply').onclick = () => setReply(null);

$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('text').value.trim(); if (!text || !chat) return;
  const body = { chatId: chat.id, username: $('name').value.trim(), text, ...(replyTo !== null ? { replyTo } : {}) };
  const res = await fetch('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok) { $('text').value = ''; setReply(null); } else { alert((await res.json()).error || 'gönderilemedi'); }
});

${TRACE_JS}
const source = new EventSource('/events');
let chats = [];
function show(c) {
  chat = c; setReply(null);
  $('title').textContent = chat ? chat.title : 'Piyasa sandbox';
  $('sub').textContent = chat ? 'grup ' + chat.id + ' · ' + chat.bots.length + ' bot · canlı' : 'grup yok';
  $('messages').replaceChildren();
  const mine = [...messages.values()].filter((m) => chat && m.chatId === chat.id).sort((a, b) => a.id - b.id);
  for (const m of mine) render(m);
}
$('chat-select').onchange = (e) => show(chats.find((c) => String(c.id) === e.target.value) || null);
source.addEventListener('snapshot', (e) => {
  const s = JSON.parse(e.data);
  chats = s.chats;
  const sel = $('chat-select'); sel.replaceChildren(); sel.hidden = chats.length < 2;
  for (const c of chats) { const o = el('option', '', c.title); o.value = String(c.id); sel.append(o); }
  const keep = chat && chats.find((c) => c.id === chat.id);
  messages.clear();
  for (const m of s.messages) messages.set(key(m.chatId, m.id), m);
  show(keep || chats[0] || null);
  if (chat) sel.value = String(chat.id);
  for (const t of s.typing) typing.set(t.username, t);
  cards(s.cards); showTyping();
});
for (const type of ['message', 'edit', 'reaction']) source.addEventListener(type, (e) => render(JSON.parse(e.data).message));
source.addEventListener('typing', (e) => { const t = JSON.parse(e.data); if (chat && t.chatId === chat.id) { typing.set(t.username, { name: t.name, until: Date.now() + 5000 }); showTyping(); } });
source.addEventListener('cards', (e) => cards(JSON.parse(e.data).cards));
source.onerror = () => { $('sub').textContent = 'bağlantı koptu, yeniden bağlanıyor…'; };
</script>
</body>
</html>
`;
