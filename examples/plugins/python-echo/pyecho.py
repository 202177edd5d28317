#!/usr/bin/env python3
"""A Nexo plugin in plain Python (standard library only).

It speaks the nexo plugin contract v1.10: newline-delimited JSON-RPC 2.0 on stdin/stdout.
Everything written to stdout must be a JSON-RPC frame, so logs go to stderr.

- initialize: answers with its manifest and tool catalogue
- the "pyecho" channel kind: every file dropped into ${state_dir}/inbox/ ({"chat": "...", "text":
  "..."}) becomes an inbound message (broker.publish on plugin.inbound.pyecho.default); every
  channel.send_outbound is appended to ${state_dir}/outbox.jsonl. Replies are never re-injected as
  inbound messages, so an agent bound to the channel cannot talk to itself in a loop.
- tool.invoke pyecho_echo: returns the text it was given
- tool.invoke pyecho_probe: reports what the sandbox lets it do (network, files, state dir)
- llm.chat for the "pyecho_llm" provider: answers "pyecho llm: <last user message>"; with
  "stream": true it sends the answer word by word as llm.chat.delta notifications first
- shutdown: replies ok, then exits
"""
import json
import os
import socket
import sys
import threading
import time
import uuid

PLUGIN_ID = "pyecho"
VERSION = "0.2.0"
HERE = os.path.dirname(os.path.abspath(__file__))
MODE = os.environ.get("PYECHO_MODE", "normal")  # test hooks: wrong-id, silent, garbage, crash

TOOLS = [
    {"name": "pyecho_echo", "description": "Echo the given text back.",
     "input_schema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}},
    {"name": "pyecho_probe", "description": "Report what the sandbox allows.",
     "input_schema": {"type": "object", "properties": {"read": {"type": "string"}}}},
]

_write_lock = threading.Lock()


def log(*args):
    print("[pyecho]", *args, file=sys.stderr, flush=True)


def send(frame):
    line = json.dumps(frame, separators=(",", ":"))
    with _write_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def reply(msg_id, result=None, error=None):
    frame = {"jsonrpc": "2.0", "id": msg_id}
    if error is not None:
        frame["error"] = error
    else:
        frame["result"] = result
    send(frame)


def manifest():
    return {"plugin": {"id": "somebody_else" if MODE == "wrong-id" else PLUGIN_ID, "version": VERSION}}


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def state_dir():
    """The host gives every plugin a writable state dir; run by hand without one, there is no inbox/outbox."""
    return os.environ.get("NEXO_PLUGIN_STATE_DIR", "")


def publish_inbound(chat, text, instance="default"):
    inbound = {
        "channel": {"kind": "pyecho", "instance": instance},
        "msg_id": str(uuid.uuid4()), "from": chat, "chat": chat,
        "chat_type": "private", "text": text, "timestamp": now(),
    }
    topic = "plugin.inbound.pyecho." + instance
    send({"jsonrpc": "2.0", "method": "broker.publish", "params": {"topic": topic, "event": {
        "id": str(uuid.uuid4()), "timestamp": now(), "topic": topic, "source": PLUGIN_ID,
        "session_id": None, "payload": inbound}}})


def watch_inbox(stop):
    """Turns files dropped into ${state_dir}/inbox/ into inbound messages (the channel's 'network')."""
    if not state_dir():
        return
    inbox = os.path.join(state_dir(), "inbox")
    os.makedirs(inbox, exist_ok=True)
    while not stop.wait(0.2):
        for name in sorted(os.listdir(inbox)):
            if not name.endswith(".json"):
                continue  # writers create <name>.tmp and rename it: never read half a file
            path = os.path.join(inbox, name)
            try:
                with open(path) as f:
                    msg = json.load(f)
                os.remove(path)
            except (OSError, ValueError) as e:
                log("inbox file", name, "unreadable:", e)
                os.replace(path, path + ".bad")
                continue
            publish_inbound(str(msg.get("chat", "someone")), str(msg.get("text", "")))


def on_send_outbound(msg_id, params):
    msg = params.get("msg") or {}
    if not isinstance(msg.get("to"), str) or not msg["to"]:
        reply(msg_id, error={"code": -33003, "message": "recipient missing"})
        return
    record = {"kind": params.get("kind"), "to": msg["to"], "body": msg.get("body", ""), "at": now()}
    if state_dir():
        with open(os.path.join(state_dir(), "outbox.jsonl"), "a") as f:
            f.write(json.dumps(record) + "\n")
    reply(msg_id, {"message_id": str(uuid.uuid4()), "sent_at_unix": int(time.time())})


def on_llm_chat(msg_id, params):
    request = params.get("request") or {}
    last = ""
    for m in request.get("messages") or []:
        if m.get("role") == "user":
            last = m.get("content") if isinstance(m.get("content"), str) else json.dumps(m.get("content"))
    answer = "pyecho llm: " + last
    usage = {"prompt_tokens": len(json.dumps(request)) // 4, "completion_tokens": 3}
    if params.get("stream"):
        # contract 5.y: zero or more deltas tagged with the request's id, then the final response,
        # whose text stays empty because the deltas already carried it
        words = answer.split(" ")
        for i, word in enumerate(words):
            send({"jsonrpc": "2.0", "method": "llm.chat.delta", "params": {
                "request_id": msg_id, "chunk": {"type": "text_delta", "delta": word + (" " if i < len(words) - 1 else "")}}})
        reply(msg_id, {"content": {"type": "text", "text": ""}, "usage": usage, "finish_reason": {"kind": "stop"}})
        return
    reply(msg_id, {"content": {"type": "text", "text": answer}, "usage": usage, "finish_reason": {"kind": "stop"}})


def probe(args):
    result = {}
    try:
        s = socket.create_connection(("1.1.1.1", 53), timeout=2)
        s.close()
        result["network"] = "open"
    except OSError as e:
        result["network"] = "blocked: " + e.__class__.__name__
    path = args.get("read")
    if path:
        try:
            with open(path, "rb") as f:
                f.read(1)
            result["read"] = "ok"
        except OSError as e:
            result["read"] = "denied: " + e.__class__.__name__
    if not state_dir():
        result["state_dir"] = "none (not run by a host)"
    else:
        try:
            with open(os.path.join(state_dir(), "probe.txt"), "w") as f:
                f.write("written")
            result["state_dir"] = "writable"
        except OSError as e:
            result["state_dir"] = "denied: " + e.__class__.__name__
    result["uid"] = os.getuid()
    result["env_has_secret"] = any(k.endswith("_TOKEN") for k in os.environ)
    return result


def on_tool(msg_id, params):
    name = params.get("tool_name")
    args = params.get("args") or {}
    if name == "pyecho_echo":
        if not isinstance(args.get("text"), str):
            reply(msg_id, error={"code": -33402, "message": "text must be a string"})
            return
        reply(msg_id, {"content": [{"type": "text", "text": args["text"]}], "is_error": False})
    elif name == "pyecho_probe":
        reply(msg_id, {"content": [{"type": "text", "text": json.dumps(probe(args))}], "is_error": False})
    else:
        reply(msg_id, error={"code": -33401, "message": "unknown tool " + str(name)})


def main():
    if "--print-manifest" in sys.argv:
        with open(os.path.join(HERE, "plugin.toml")) as f:
            sys.stdout.write(f.read())
        return 0
    if MODE == "crash":
        log("crashing on purpose")
        return 1
    if MODE == "garbage":
        print("hello, I am not JSON-RPC", flush=True)
    log("started, mode", MODE)
    stop = threading.Event()
    threading.Thread(target=watch_inbox, args=(stop,), daemon=True).start()
    try:
        return serve()
    finally:
        stop.set()


def serve():
    for raw in sys.stdin:
        raw = raw.strip()
        if not raw:
            continue
        try:
            msg = json.loads(raw)
        except ValueError:
            send({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "parse error"}})
            continue
        method, msg_id, params = msg.get("method"), msg.get("id"), msg.get("params") or {}
        if method is None:
            continue  # a response to something we never ask
        if method == "initialize":
            if MODE == "silent":
                continue
            reply(msg_id, {"manifest": manifest(), "server_version": PLUGIN_ID + "-" + VERSION, "tools": TOOLS})
        elif method == "shutdown":
            reply(msg_id, {"ok": True})
            return 0
        elif method == "plugin.configure":
            reply(msg_id, {"ok": True})
        elif method in ("channel.start", "channel.stop"):
            reply(msg_id, {"ok": True})
        elif method == "channel.send_outbound":
            on_send_outbound(msg_id, params)
        elif method == "llm.chat":
            on_llm_chat(msg_id, params)
        elif method == "broker.event":
            log("event on", params.get("topic"))  # not subscribed to anything by default
        elif method == "tool.invoke":
            on_tool(msg_id, params)
        elif msg_id is not None:
            reply(msg_id, error={"code": -32601, "message": "method not found: " + method})
    return 0


if __name__ == "__main__":
    sys.exit(main())
