// Nexo web console: plain modern JavaScript, no build step, no dependencies.
// Every API call carries the connection-key from sessionStorage; nothing is rendered with innerHTML,
// so data from the server can never inject markup.
'use strict';

const KEY = 'nexo.key';
const POLL_MS = 2000;
let pollTimer = null;

// ---- DOM helpers -----------------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const text = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const fmtTime = (t) => (t ? new Date(t).toLocaleString() : '');

// ---- API ---------------------------------------------------------------------------------------
class ApiError extends Error {
  constructor(status, code, message) { super(message || code); this.status = status; this.code = code; }
}

async function api(path, { method = 'GET', body, type } = {}) {
  const key = sessionStorage.getItem(KEY);
  if (!key) { showLogin(); throw new ApiError(401, 'unauthorized', 'no key'); }
  const headers = { Authorization: 'Bearer ' + key, Accept: 'application/json' };
  let payload = body;
  if (body !== undefined && !(body instanceof Blob)) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  if (type) headers['Content-Type'] = type;
  const res = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  if (res.status === 401) { sessionStorage.removeItem(KEY); showLogin('The key was refused.'); throw new ApiError(401, 'unauthorized'); }
  const raw = await res.text();
  let data = null;
  try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = { message: raw }; }
  if (!res.ok) {
    const code = data && (typeof data.error === 'string' ? data.error : data.error && data.error.code);
    const msg = data && (data.message || (data.error && data.error.message));
    throw new ApiError(res.status, code || 'http_' + res.status, msg || res.statusText);
  }
  return data;
}

/** Like api(), but a missing backend (404) gives null instead of an error. */
async function optional(path) {
  try { return await api(path); } catch (e) { if (e.status === 404) return null; throw e; }
}

// ---- login -------------------------------------------------------------------------------------
function showLogin(error) {
  const dlg = document.getElementById('login');
  const err = document.getElementById('login-error');
  err.hidden = !error; err.textContent = error || '';
  if (!dlg.open) dlg.showModal();
}

async function login(ev) {
  ev.preventDefault();
  const key = document.getElementById('key').value.trim();
  sessionStorage.setItem(KEY, key);
  try {
    await api('/admin/api/status');
    document.getElementById('login').close();
    document.getElementById('key').value = '';
    document.getElementById('logout').hidden = false;
    route();
  } catch (e) {
    if (e.status !== 401) showLogin(e.message);
  }
}

// ---- views -------------------------------------------------------------------------------------
function table(columns, rows, empty = 'Nothing here yet.') {
  if (!rows || rows.length === 0) return el('p', { class: 'muted' }, empty);
  return el('table', {},
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c.title)))),
    el('tbody', {}, rows.map((r) => el('tr', { 'data-id': r.id ?? r.serviceId ?? '' }, columns.map((c) => {
      const v = c.render ? c.render(r) : text(r[c.key]);
      return el('td', { class: c.cls ? c.cls(r) : '' }, v);
    })))));
}

function card(n, label) { return el('div', { class: 'card' }, el('div', { class: 'n' }, text(n)), el('div', { class: 'l' }, label)); }

function errorBox(e) { return el('p', { class: 'error', role: 'alert' }, (e.code ? e.code + ': ' : '') + e.message); }

const views = {
  async overview() {
    const [status, channels, plugins, approvals, audit] = await Promise.all([
      api('/admin/api/status'), api('/admin/api/channels'), optional('/admin/api/plugins'),
      optional('/admin/api/approvals'), optional('/admin/api/audit?limit=1000')]);
    const bundles = status.bundles || {};
    const pending = approvals ? approvals.length : null;
    return el('section', { id: 'view-overview' },
      el('h2', {}, 'Overview'),
      el('div', { class: 'cards' },
        card(status.ready ? 'ready' : 'starting', 'container ' + text(status.version)),
        card(Object.values(bundles).reduce((a, b) => a + b, 0), 'bundles (' + (bundles.active || bundles.ACTIVE || 0) + ' active)'),
        card(channels.length, 'channels'),
        card(plugins ? plugins.length : '–', 'plugins'),
        card(pending === null ? '–' : pending, 'pending approvals'),
        card(status.broker || '–', 'broker')),
      el('h2', {}, 'Channels'),
      table([{ title: 'Kind', key: 'kind' }, { title: 'Instance', key: 'instance' },
        { title: 'State', key: 'state', cls: (r) => 'state-' + text(r.state) }, { title: 'Bundle', key: 'bundle' }], channels,
      'No channels yet: configure one (docs/configuration.md) or install a channel bundle.'),
      audit ? el('div', {}, el('h2', {}, 'Recent activity'), auditTable(audit.slice(-10).reverse())) : null);
  },

  async bundles() {
    const list = await api('/admin/api/bundles');
    const file = el('input', { type: 'file', id: 'bundle-file', accept: '.jar' });
    const install = async () => {
      if (!file.files.length) return;
      const f = file.files[0];
      await api('/admin/api/bundles?name=' + encodeURIComponent(f.name), { method: 'POST', body: f, type: 'application/java-archive' });
      route();
    };
    return el('section', { id: 'view-bundles' }, el('h2', {}, 'Bundles'),
      el('div', { class: 'toolbar' }, file, el('button', { id: 'bundle-install', onclick: () => act(install) }, 'Install')),
      table([
        { title: 'Id', key: 'id' }, { title: 'State', key: 'state', cls: (r) => 'state-' + r.state },
        { title: 'Name', key: 'symbolicName' }, { title: 'Version', key: 'version' },
        { title: 'Problem', key: 'error', cls: () => 'err' },
        { title: '', render: (r) => r.id === 0 ? '' : el('span', {},
          r.state === 'ACTIVE'
            ? el('button', { class: 'secondary', onclick: () => act(() => api(`/admin/api/bundles/${r.id}/stop`, { method: 'POST' }).then(route)) }, 'Stop')
            : el('button', { class: 'secondary', onclick: () => act(() => api(`/admin/api/bundles/${r.id}/start`, { method: 'POST' }).then(route)) }, 'Start'),
          ' ', el('button', { class: 'danger', onclick: () => confirm('Uninstall ' + r.symbolicName + '?') && act(() => api('/admin/api/bundles/' + r.id, { method: 'DELETE' }).then(route)) }, 'Uninstall')) },
      ], list));
  },

  async plugins() {
    const list = await optional('/admin/api/plugins');
    if (list === null) return notInstalled('Plugins', 'the plugin host');
    return el('section', { id: 'view-plugins' }, el('h2', {}, 'Plugins'),
      table([
        { title: 'Id', key: 'id' }, { title: 'Version', key: 'version' },
        { title: 'State', key: 'state', cls: (r) => 'state-' + r.state },
        { title: 'Detail', render: (r) => (r.problems && r.problems.length ? r.problems.join('; ') : r.reason || (r.tools || []).join(', ')) },
        { title: 'Sandbox', render: (r) => (r.sandboxed ? 'yes' : 'no') },
        { title: '', render: (r) => (r.id ? el('button', { class: 'secondary', onclick: () => act(() => api(`/admin/api/plugins/${r.id}/restart`, { method: 'POST' }).then(route)) }, 'Restart') : '') },
      ], list, 'No plugins installed (nexo plugin install …).'));
  },

  async channels() {
    const list = await api('/admin/api/channels');
    return el('section', { id: 'view-channels' }, el('h2', {}, 'Channels'),
      table([{ title: 'Kind', key: 'kind' }, { title: 'Instance', key: 'instance' },
        { title: 'State', key: 'state', cls: (r) => 'state-' + text(r.state) }, { title: 'Detail', key: 'detail' },
        { title: 'Bundle', key: 'bundle' }], list));
  },

  async config() {
    const c = await api('/admin/api/config');
    return el('section', { id: 'view-config' }, el('h2', {}, 'Configuration'),
      el('p', {}, c.ok ? 'Loaded without errors (generation ' + text(c.generation) + ').' : 'The last load had errors; the previous configuration stays in force.'),
      c.errors && c.errors.length ? table([{ title: 'File', key: 'file' }, { title: 'Line', key: 'line' }, { title: 'Field', key: 'field' }, { title: 'Problem', key: 'message' }], c.errors) : null,
      el('p', { class: 'muted' }, 'Read-only; secrets are masked. Edit the YAML files: changes apply without a restart.'),
      el('pre', { id: 'config-json' }, JSON.stringify(c.config ?? c, null, 2)));
  },

  approvals: () => trustView('approvals'),
  grants: () => trustView('grants'),
  audit: () => trustView('audit'),
  pairing: () => trustView('pairing'),
  dlq: () => dlqView(),
  chat: () => chatView(),
};

function notInstalled(title, what) {
  return el('section', {}, el('h2', {}, title), el('p', { class: 'muted' }, 'Not available: ' + what + ' is not installed in this container.'));
}

function auditTable(rows) {
  return table([{ title: 'Time', render: (r) => fmtTime(r.at || r.timestamp) }, { title: 'Actor', key: 'actor' },
    { title: 'Action', key: 'action' }, { title: 'Outcome', key: 'outcome', cls: (r) => 'state-' + r.outcome }], rows);
}

// ---- trust, audit, pairing, dead letters (auth and broker bundles) --------------------------------
const WINDOWS = ['once', '1h', '1d', '7d', 'until-revoked'];

async function trustView(name) {
  const path = { approvals: '/admin/api/approvals', grants: '/admin/api/grants', audit: '/admin/api/audit?limit=1000',
    pairing: '/admin/api/pairing' }[name];
  const data = await optional(path);
  if (data === null) return notInstalled(name[0].toUpperCase() + name.slice(1), 'the trust (auth) bundle');
  return trustRenderers[name](data);
}

const trustRenderers = {
  approvals(list) {
    return el('section', { id: 'view-approvals' }, el('h2', {}, 'Pending approvals'),
      el('p', { class: 'muted' }, 'Calls waiting for a human. Execute capabilities are approved for one use only, whatever window is picked.'),
      table([
        { title: 'Who', key: 'subject' }, { title: 'Capability', key: 'capability' },
        { title: 'Sensitivity', key: 'sensitivity' }, { title: 'Arguments (redacted)', render: (r) => el('code', {}, text(r.arguments)) },
        { title: 'Expires', render: (r) => fmtTime(r.expiresAt) },
        { title: '', render: (r) => {
          const pick = el('select', { class: 'window', 'aria-label': 'trust window', onchange: (ev) => { ev.target.dataset.touched = '1'; } },
            WINDOWS.map((w) => el('option', { value: w, selected: w === r.requestedWindow }, w)));
          return el('span', {}, pick, ' ',
            el('button', { class: 'approve', onclick: () => act(() => api(`/admin/api/approvals/${r.id}/approve`, { method: 'POST', body: { window: pick.value } }).then(() => route())) }, 'Approve'), ' ',
            el('button', { class: 'danger deny', onclick: () => act(() => api(`/admin/api/approvals/${r.id}/deny`, { method: 'POST', body: {} }).then(() => route())) }, 'Deny'));
        } },
      ], list, 'Nothing is waiting for approval.'));
  },
  grants(list) {
    return el('section', { id: 'view-grants' }, el('h2', {}, 'Standing grants'),
      table([
        { title: 'Who', key: 'subject' }, { title: 'Capability', key: 'capability' }, { title: 'Window', key: 'window' },
        { title: 'Granted', render: (r) => fmtTime(r.grantedAt) + ' by ' + text(r.grantedBy) },
        { title: 'Expires', render: (r) => (r.expiresAt ? fmtTime(r.expiresAt) : 'until revoked') },
        { title: '', render: (r) => el('button', { class: 'danger', onclick: () => act(() => api('/admin/api/grants/' + r.id, { method: 'DELETE' }).then(() => route())) }, 'Revoke') },
      ], list, 'No standing grants.'));
  },
  audit(rows) {
    const f = { actor: el('input', { type: 'text', placeholder: 'actor' }), action: el('input', { type: 'text', placeholder: 'action (prefix.)' }),
      outcome: el('input', { type: 'text', placeholder: 'outcome' }) };
    const body = el('div', {}, auditTable(rows.slice().reverse()));
    const filter = async (ev) => {
      ev.preventDefault();
      const q = Object.entries(f).filter(([, i]) => i.value).map(([k, i]) => k + '=' + encodeURIComponent(i.value)).join('&');
      const found = await api('/admin/api/audit?limit=1000' + (q ? '&' + q : ''));
      body.replaceChildren(auditTable(found.slice().reverse()));
    };
    return el('section', { id: 'view-audit' }, el('h2', {}, 'Audit trail'),
      el('form', { class: 'toolbar', onsubmit: (ev) => act(() => filter(ev)) }, f.actor, f.action, f.outcome, el('button', { type: 'submit' }, 'Filter'),
        el('a', { href: '/admin/api/audit/export', class: 'muted' }, 'export (needs the key)')),
      body);
  },
  pairing(list) {
    return el('section', { id: 'view-pairing' }, el('h2', {}, 'Pairing requests'),
      table([
        { title: 'Channel', render: (r) => r.channel + '/' + r.instance }, { title: 'Sender', key: 'sender' },
        { title: 'Status', key: 'status' }, { title: 'Code', key: 'code' },
        { title: '', render: (r) => (r.status === 'pending' ? el('span', {},
          el('button', { onclick: () => act(() => api(`/admin/api/pairing/${r.code}/approve`, { method: 'POST', body: {} }).then(() => route())) }, 'Approve'), ' ',
          el('button', { class: 'danger', onclick: () => act(() => api(`/admin/api/pairing/${r.code}/reject`, { method: 'POST', body: {} }).then(() => route())) }, 'Reject')) : '') },
      ], list, 'No senders are waiting for pairing.'));
  },
};

async function dlqView() {
  const list = await optional('/admin/api/dlq');
  if (list === null) return notInstalled('Dead letters', 'the broker bundle');
  const rows = Array.isArray(list) ? list : (list.entries || []);
  return el('section', { id: 'view-dlq' }, el('h2', {}, 'Dead letters'),
    el('div', { class: 'toolbar' }, el('button', { class: 'danger', onclick: () => confirm('Purge every dead letter?') && act(() => api('/admin/api/dlq', { method: 'DELETE' }).then(() => route())) }, 'Purge all')),
    table([
      { title: 'Failed', render: (r) => fmtTime(r.failedAt) }, { title: 'Topic', key: 'topic' },
      { title: 'Error', key: 'error', cls: () => 'err' }, { title: 'Attempts', key: 'attempts' },
      { title: '', render: (r) => el('span', {},
        r.malformed ? '' : el('button', { onclick: () => act(() => api(`/admin/api/dlq/${r.id}/replay`, { method: 'POST' }).then(() => route())) }, 'Replay'), ' ',
        el('button', { class: 'danger', onclick: () => act(() => api('/admin/api/dlq/' + r.id, { method: 'DELETE' }).then(() => route())) }, 'Delete')) },
    ], rows, 'No dead letters.'));
}

// The chat panel: one chat per browser tab, polled while the view is open.
const chatState = { id: null, seq: 0, lines: [] };
async function chatView() {
  if (!chatState.id) {
    chatState.id = sessionStorage.getItem('nexo.chat') || ('tab-' + Math.random().toString(36).slice(2, 12));
    sessionStorage.setItem('nexo.chat', chatState.id);
  }
  let fresh;
  try {
    fresh = await api('/admin/api/webchat/messages?chat=' + chatState.id + '&after=' + chatState.seq);
  } catch (e) {
    if (e.status === 404) return notInstalled('Chat', 'the web chat channel');
    throw e;
  }
  for (const m of fresh.messages) { chatState.lines.push(m); chatState.seq = Math.max(chatState.seq, m.seq); }
  const input = el('input', { type: 'text', id: 'chat-input', placeholder: 'Say something to the agent bound to webchat/console', maxlength: '8192', autocomplete: 'off' });
  const box = el('div', { class: 'chat', id: 'chat-log', 'data-live': true }, chatState.lines.map((m) => el('div', { class: 'bubble ' + (m.from === 'me' ? 'me' : 'agent'), 'data-from': m.from }, m.text)));
  const send = async (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    await api('/admin/api/webchat/messages', { method: 'POST', body: { chat: chatState.id, text } });
    route();
  };
  const view = el('section', { id: 'view-chat' }, el('h2', {}, 'Chat'),
    el('p', { class: 'muted' }, 'Messages go to the agent bound to the webchat channel (plugin: webchat, instance: console).'),
    box, el('form', { class: 'chat-form', onsubmit: (ev) => act(() => send(ev)) }, input, el('button', { id: 'chat-send', type: 'submit' }, 'Send')));
  setTimeout(() => { box.scrollTop = box.scrollHeight; }, 0);
  return view;
}

// ---- routing and live updates --------------------------------------------------------------------
async function act(fn) {
  try { await fn(); } catch (e) { if (e.status !== 401) document.getElementById('main').prepend(errorBox(e)); }
}

let rendering = false;

/** True while the operator has something half-done in the current view (a chosen file, typed text). */
function busy(main) {
  if (main.contains(document.activeElement) && document.activeElement !== document.body) return true;
  if (main.querySelector('[data-touched]')) return true;
  return [...main.querySelectorAll('input')].some((i) => (i.type === 'file' ? i.files.length > 0 : i.value !== ''));
}

async function route(fromPoll) {
  const name = (location.hash || '#overview').slice(1);
  const view = views[name] || views.overview;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.getAttribute('href') === '#' + name);
  if (!sessionStorage.getItem(KEY)) { showLogin(); return; }
  if (rendering) return;
  rendering = true;
  const main = document.getElementById('main');
  try {
    const node = await view();
    // live updates never throw away what the operator is typing or has chosen
    if (fromPoll !== true || !busy(main)) {
      main.replaceChildren(node);
    } else {
      // still refresh read-only parts that views mark as live (e.g. the chat log)
      for (const live of node.querySelectorAll('[data-live]')) {
        const current = main.querySelector('#' + live.id);
        if (current) current.replaceWith(live);
      }
    }
  } catch (e) {
    if (e.status !== 401) main.replaceChildren(errorBox(e));
  } finally {
    rendering = false;
  }
}

function poll() {
  clearInterval(pollTimer);
  pollTimer = setInterval(() => { if (document.visibilityState === 'visible' && sessionStorage.getItem(KEY)) route(true); }, POLL_MS);
}

window.nexo = { api, optional, el, table, act, route };
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('login-form').addEventListener('submit', login);
  document.getElementById('logout').addEventListener('click', () => { sessionStorage.removeItem(KEY); location.reload(); });
  document.getElementById('logout').hidden = !sessionStorage.getItem(KEY);
  window.addEventListener('hashchange', () => route());
  route();
  poll();
});
