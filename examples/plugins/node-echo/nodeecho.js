#!/usr/bin/env node
// A Nexo plugin in plain Node.js (no dependencies), speaking the nexo plugin contract v1.10:
// newline-delimited JSON-RPC 2.0 on stdin/stdout. Only JSON-RPC frames go to stdout; logs go to stderr.
//
// - the "nodeecho" channel kind (channel.start / channel.stop / channel.send_outbound): every file
//   dropped into $NEXO_PLUGIN_STATE_DIR/inbox/ ({"chat": "...", "text": "..."}) becomes an inbound
//   message (broker.publish on plugin.inbound.nodeecho.default); every channel.send_outbound is
//   appended to $NEXO_PLUGIN_STATE_DIR/outbox.jsonl. Replies are never re-injected as inbound
//   messages, so an agent bound to this channel cannot end up talking to itself.
// - tool.invoke nodeecho_upper: upper-cases its text
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const crypto = require('crypto');

const ID = 'nodeecho';
const VERSION = '0.1.0';
const TOOLS = [{
  name: 'nodeecho_upper',
  description: 'Upper-case the given text.',
  input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
}];
const started = new Set();

const log = (...args) => process.stderr.write('[nodeecho] ' + args.join(' ') + '\n');
// One write per frame: a frame is never interleaved with another.
const send = (frame) => process.stdout.write(JSON.stringify(frame) + '\n');
const reply = (id, result) => send({ jsonrpc: '2.0', id, result });
const fail = (id, code, message, data) => send({ jsonrpc: '2.0', id, error: data ? { code, message, data } : { code, message } });
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

if (process.argv.includes('--print-manifest')) {
  process.stdout.write(fs.readFileSync(path.join(__dirname, 'plugin.toml'), 'utf8'));
  process.exit(0);
}

const stateDir = process.env.NEXO_PLUGIN_STATE_DIR || ''; // run by hand without a host: no inbox/outbox

function publishInbound(chat, text) {
  const topic = 'plugin.inbound.nodeecho.default';
  const payload = {
    channel: { kind: 'nodeecho', instance: 'default' }, msg_id: crypto.randomUUID(), from: chat, chat,
    chat_type: 'private', text, timestamp: now(),
  };
  send({ jsonrpc: '2.0', method: 'broker.publish', params: { topic, event: {
    id: crypto.randomUUID(), timestamp: now(), topic, source: ID, session_id: null, payload } } });
}

// Files dropped into the inbox are the channel's "network". Writers create <name>.tmp and rename
// it to <name>.json, so a half-written file is never read.
function pollInbox() {
  const inbox = path.join(stateDir, 'inbox');
  let names;
  try { names = fs.readdirSync(inbox).filter((n) => n.endsWith('.json')).sort(); } catch (e) { return; }
  for (const name of names) {
    const file = path.join(inbox, name);
    try {
      const m = JSON.parse(fs.readFileSync(file, 'utf8'));
      fs.unlinkSync(file);
      publishInbound(String(m.chat || 'someone'), String(m.text || ''));
    } catch (e) {
      log('inbox file', name, 'unreadable:', e.message);
      try { fs.renameSync(file, file + '.bad'); } catch (ignored) { /* gone already */ }
    }
  }
}

function recordOutbound(kind, m) {
  if (!stateDir) return;
  const line = JSON.stringify({ kind, to: m.to, body: m.body || '', at: now() }) + '\n';
  fs.appendFileSync(path.join(stateDir, 'outbox.jsonl'), line);
}

function handle(msg) {
  const { id, method } = msg;
  const params = msg.params || {};
  switch (method) {
    case 'initialize':
      return reply(id, { manifest: { plugin: { id: ID, version: VERSION } }, server_version: ID + '-' + VERSION, tools: TOOLS });
    case 'plugin.configure':
      return reply(id, { ok: true });
    case 'channel.start':
      started.add(params.kind);
      return reply(id, { ok: true });
    case 'channel.stop':
      started.delete(params.kind);
      return reply(id, { ok: true });
    case 'channel.send_outbound': {
      const m = params.msg || {};
      if (!started.has(params.kind)) return fail(id, -33001, 'channel not started');
      if (typeof m.to !== 'string' || m.to === '') return fail(id, -33003, 'recipient missing', { recipient: m.to || null });
      recordOutbound(params.kind, m);
      return reply(id, { message_id: crypto.randomUUID(), sent_at_unix: Math.floor(Date.now() / 1000) });
    }
    case 'tool.invoke': {
      if (params.tool_name !== 'nodeecho_upper') return fail(id, -33401, 'unknown tool ' + params.tool_name);
      const text = (params.args || {}).text;
      if (typeof text !== 'string') return fail(id, -33402, 'text must be a string');
      return reply(id, { content: [{ type: 'text', text: text.toUpperCase() }], is_error: false });
    }
    case 'shutdown':
      reply(id, { ok: true });
      return setImmediate(() => process.exit(0));
    default:
      if (id !== undefined && id !== null) fail(id, -32601, 'method not found: ' + method);
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let msg;
  try { msg = JSON.parse(line); } catch (e) { return send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }); }
  if (msg.method === undefined) return; // a response; this plugin never asks the host anything
  try { handle(msg); } catch (e) { if (msg.id != null) fail(msg.id, -33403, 'handler failed: ' + e.message); }
});
rl.on('close', () => process.exit(0));
if (stateDir) {
  fs.mkdirSync(path.join(stateDir, 'inbox'), { recursive: true });
  setInterval(pollInbox, 200);
}
log('started');
