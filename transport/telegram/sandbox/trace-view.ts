// The page's trace view: a message's trace as a waterfall (spans by start, nested under their parent,
// a bar per span with its duration and key attributes), from the node's /api/traces routes. Shown
// only when the node serves them (`piyasa sandbox` alone has no traces). Texts go in by textContent.

export const TRACE_CSS = `
  #trace { display:none; border-top:1px solid #0b121a; background:var(--panel); max-height:45vh; overflow-y:auto; padding:8px 16px; }
  #trace.open { display:block; }
  #trace header { padding:0 0 6px; border:0; display:flex; gap:10px; align-items:baseline; flex-wrap:wrap; }
  #trace h2 { margin:0; font-size:14px; } #trace .tid { color:var(--muted); font:11px monospace; }
  #trace a { color:var(--accent); font-size:12px; } #trace .close { margin-left:auto; padding:0 8px; }
  .span-row { display:grid; grid-template-columns: minmax(220px, 34%) 1fr; gap:8px; align-items:center; font-size:12px; padding:2px 0; }
  .span-name { white-space:nowrap; overflow:hidden; text-overflow:ellipsis; } .span-name .ms { color:var(--muted); margin-left:6px; }
  .span-track { position:relative; height:12px; background:#0b121a; border-radius:3px; }
  .span-bar { position:absolute; top:0; height:12px; min-width:2px; border-radius:3px; background:var(--accent); }
  .span-bar.error { background:#ef6b6b; }
  .span-attrs { grid-column: 1 / span 2; color:var(--muted); font-size:11px; padding-left:var(--indent); white-space:pre-wrap; }
  .msg .trace-btn { border:0; background:none; color:var(--muted); cursor:pointer; font-size:11px; padding:0 0 0 6px; }
`;

export const TRACE_HTML = `<section id="trace" aria-label="iz"><header><h2>İz</h2><span class="tid"></span><span class="total"></span><a class="jaeger" target="_blank" rel="noopener" hidden>Jaeger'da aç</a><button type="button" class="close">×</button></header><div class="rows"></div></section>`;

export const TRACE_JS = `
const KEY_ATTRS = ['piyasa.turn.speaker', 'piyasa.turn.why', 'piyasa.turn.outcome', 'piyasa.message.from', 'piyasa.compose.topic', 'piyasa.compose.outcome', 'piyasa.dedup.verdict',
  'piyasa.llm.tier', 'piyasa.llm.answered_by', 'gen_ai.request.model', 'gen_ai.response.model', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens',
  'telegram.method', 'http.response.status_code', 'telegram.retry_after', 'piyasa.outbox.claim', 'piyasa.outbox.state', 'error.type'];
let traces = null;                 // what /api/traces said (null: this server keeps no traces)
let shownTrace = null;
fetch('/api/traces').then((r) => (r.ok ? r.json() : null)).then((t) => { traces = t; for (const n of document.querySelectorAll('.trace-btn')) n.hidden = !traces; }).catch(() => undefined);

function traceButton(m) {
  const b = el('button', 'trace-btn', 'iz'); b.type = 'button'; b.title = 'bu mesajın izi'; b.hidden = !traces;
  b.onclick = (e) => { e.stopPropagation(); openTrace(m.chatId, m.id); };
  return b;
}

async function openTrace(chatId, messageId) {
  const box = $('trace'); box.classList.add('open');
  box.querySelector('.rows').replaceChildren(el('div', 'span-attrs', 'iz aranıyor…'));
  const found = await fetch('/api/traces/lookup?chat=' + encodeURIComponent(chatId) + '&message=' + messageId).then((r) => r.json()).catch(() => ({}));
  if (!found.traceId) { box.querySelector('.rows').replaceChildren(el('div', 'span-attrs', found.error || 'bu mesajın izi yok')); return; }
  await loadTrace(found.traceId);
  // The turn's own span ends after the message is recorded: look once more to catch it.
  setTimeout(() => { if (shownTrace === found.traceId) loadTrace(found.traceId); }, 1500);
}

async function loadTrace(traceId) {
  shownTrace = traceId;
  const t = await fetch('/api/traces/' + traceId).then((r) => r.json()).catch(() => ({}));
  const box = $('trace');
  box.dataset.traceId = traceId;
  box.querySelector('.tid').textContent = traceId;
  const j = box.querySelector('.jaeger'); j.hidden = !t.jaeger; if (t.jaeger) j.href = t.jaeger;
  const rows = box.querySelector('.rows');
  if (!t.spans) { rows.replaceChildren(el('div', 'span-attrs', t.error || 'iz yok')); return; }
  renderWaterfall(t.spans, rows, box.querySelector('.total'));
}

function renderWaterfall(spans, rows, total) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map();
  for (const s of spans) { const p = byId.has(s.parentSpanId) ? s.parentSpanId : ''; if (!children.has(p)) children.set(p, []); children.get(p).push(s); }
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.start + s.durationMs));
  const width = Math.max(end - start, 0.001);
  total.textContent = (end - start).toFixed(1) + ' ms, ' + spans.length + ' span';
  const out = [];
  const walk = (s, depth) => {
    const row = el('div', 'span-row'); row.dataset.span = s.name;
    const name = el('div', 'span-name'); name.style.paddingLeft = (depth * 14) + 'px';
    name.append(el('span', '', s.name), el('span', 'ms', s.durationMs.toFixed(1) + ' ms'));
    const track = el('div', 'span-track');
    const bar = el('div', 'span-bar' + (s.status === 'error' ? ' error' : ''));
    bar.style.left = ((s.start - start) / width * 100) + '%'; bar.style.width = (s.durationMs / width * 100) + '%';
    bar.title = s.name + ' ' + s.durationMs.toFixed(1) + ' ms';
    track.append(bar); row.append(name, track);
    const attrs = KEY_ATTRS.filter((k) => s.attributes[k] !== undefined).map((k) => k.replace(/^(piyasa|gen_ai|telegram)\\./, '') + '=' + s.attributes[k]);
    if (s.statusMessage) attrs.push('hata: ' + s.statusMessage);
    for (const e of s.events) attrs.push('• ' + e.name + (e.attributes['piyasa.dedup.verdict'] ? ' (' + e.attributes['piyasa.dedup.verdict'] + ')' : ''));
    const info = el('div', 'span-attrs', attrs.join('  ')); info.style.setProperty('--indent', (depth * 14) + 'px');
    if (s.links.length) { const a = el('a', '', ' ↪ bağlantılı iz'); a.href = '#'; a.onclick = (e) => { e.preventDefault(); loadTrace(s.links[0].traceId); }; info.append(a); }
    out.push(row, info);
    for (const c of (children.get(s.spanId) || []).sort((a, b) => a.start - b.start)) walk(c, depth + 1);
  };
  for (const r of (children.get('') || []).sort((a, b) => a.start - b.start)) walk(r, 0);
  rows.replaceChildren(...out);
}
$('trace').querySelector('.close').onclick = () => { shownTrace = null; $('trace').classList.remove('open'); };
`;
