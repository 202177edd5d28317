#!/usr/bin/env python3
"""A test plugin for the [plugin.extends] bridges: llm.chat, hook.on_hook, memory.vector_*.

It answers with what it received, so tests can assert the wire requests. Its vector store is
deliberately sloppy: search ignores the collection and the filter, so the host must confine scopes.
"""
import json
import math
import sys
import time

records = {}  # id -> record, across every collection
calls = {}  # method -> how many requests of it arrived, so tests can prove a gated call never came


def notify(method, params):
    send({"jsonrpc": "2.0", "method": method, "params": params})


def stream_chat(msg_id, last):
    """Streams as the seed's section 5.y shows: deltas tagged with request_id, then a final response."""
    def delta(chunk):
        notify("llm.chat.delta", {"request_id": msg_id, "chunk": chunk})
    notify("llm.chat.delta", {"request_id": msg_id + 1000, "chunk": {"type": "text_delta", "delta": "NOT MINE"}})
    if last == "stream tool":
        delta({"type": "tool_call_start", "id": "c7", "name": "weather"})
        delta({"type": "tool_call_args_delta", "id": "c7", "delta": "{\"city\":"})
        delta({"type": "tool_call_args_delta", "id": "c7", "delta": "\"Lima\"}"})
        delta({"type": "tool_call_end", "id": "c7"})
        delta({"type": "usage", "usage": {"prompt_tokens": 9, "completion_tokens": 3}})
        delta({"type": "end", "finish_reason": {"kind": "tool_use"}})
        return ok(msg_id, {"content": {"type": "text", "text": ""}, "finish_reason": {"kind": "tool_use"}})
    for piece in ["Hel", "lo ", "world"]:
        delta({"type": "text_delta", "delta": piece})
    ok(msg_id, {"content": {"type": "text", "text": ""}, "usage": {"prompt_tokens": 12, "completion_tokens": 3},
                "finish_reason": {"kind": "length"}})


def send(frame):
    sys.stdout.write(json.dumps(frame) + "\n")
    sys.stdout.flush()


def ok(msg_id, result):
    send({"jsonrpc": "2.0", "id": msg_id, "result": result})


def err(msg_id, code, message, data=None):
    e = {"code": code, "message": message}
    if data is not None:
        e["data"] = data
    send({"jsonrpc": "2.0", "id": msg_id, "error": e})


def llm_chat(msg_id, p):
    req = p.get("request") or {}
    last = [m for m in req.get("messages", []) if m.get("role") == "user"][-1]["content"]
    if p.get("stream") and last.startswith("stream"):
        return stream_chat(msg_id, last)
    if last == "ratelimit":
        return err(msg_id, -33103, "rate limited", {"retry_after_secs": 30})
    if last == "slow":
        time.sleep(3)
    if last == "tool":
        return ok(msg_id, {"content": {"type": "tool_calls", "tool_calls": [
            {"id": "c1", "name": req["tools"][0]["name"], "arguments": {"city": "Lima"}}]},
            "usage": {"prompt_tokens": 5, "completion_tokens": 1}, "finish_reason": {"kind": "tool_use"}})
    if last == "garbage":
        return ok(msg_id, {"content": 42})
    seen = {"provider": p.get("provider"), "model": p.get("model"), "stream": p.get("stream"),
            "roles": [m["role"] for m in req.get("messages", [])], "max_tokens": req.get("max_tokens"),
            "tools": [t["name"] for t in req.get("tools", [])],
            "tool_results": [m.get("tool_call_id") for m in req.get("messages", []) if m["role"] == "tool"]}
    ok(msg_id, {"content": {"type": "text", "text": json.dumps(seen)},
                "usage": {"prompt_tokens": 12, "completion_tokens": 4}, "finish_reason": {"kind": "stop"}})


def on_hook(msg_id, p):
    event = p.get("event") or {}
    body = event.get("body", "")
    if p.get("hook_name") == "before_tool_call":
        return ok(msg_id, {"override": {"units": "metric"}})
    if "secret" in body:
        return ok(msg_id, {"abort": True, "reason": "PII detected", "decision": "block"})
    if "card" in body:
        return ok(msg_id, {"decision": "transform", "transformed_body": body.replace("4111", "[REDACTED]")})
    if "slow" in body:
        time.sleep(3)
    if "broken" in body:
        return err(msg_id, -32603, "hook crashed")
    if "odd" in body:
        return ok(msg_id, "not an object")
    ok(msg_id, {"seen": event})


def cos(a, b):
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(x * x for x in b)) or 1.0
    return sum(x * y for x, y in zip(a, b)) / (na * nb)


def memory(msg_id, method, p):
    if method == "memory.vector_upsert":
        for r in p["records"]:
            if len(r["embedding"]) != 3:
                return err(msg_id, -33302, "dimension mismatch", {"expected": 3, "got": len(r["embedding"])})
            records[r["id"]] = dict(r, collection=p["collection"], backend=p["backend"])
        return ok(msg_id, {"count": len(p["records"])})
    if method == "memory.vector_search":
        q = p["query"]
        scored = sorted(records.values(), key=lambda r: -cos(r["embedding"], q["embedding"]))
        return ok(msg_id, {"matches": [{"id": r["id"], "content": r["content"], "score": cos(r["embedding"], q["embedding"]),
                                        "metadata": r["metadata"]} for r in scored][: q.get("limit", 10) * 2]})
    if method == "memory.vector_delete":
        n = 0
        for i in p["ids"]:
            r = records.get(i)
            if r is not None and r["collection"] == p["collection"]:
                del records[i]
                n += 1
        return ok(msg_id, {"count": n})


for line in sys.stdin:
    msg = json.loads(line)
    method, msg_id, params = msg.get("method"), msg.get("id"), msg.get("params") or {}
    calls[method] = calls.get(method, 0) + 1
    if method == "test.calls":
        ok(msg_id, calls)
    elif method == "llm.chat":
        llm_chat(msg_id, params)
    elif method == "hook.on_hook":
        on_hook(msg_id, params)
    elif method and method.startswith("memory.vector_"):
        memory(msg_id, method, params)
    elif msg_id is not None:
        err(msg_id, -32601, "method not found: " + str(method))
