#!/usr/bin/env python3
"""A tiny MCP stdio server for the client's fault tests (not ours to trust: it crashes and hangs on purpose).

Tools: ping (answers pong), whoami (echoes params._meta.agent_id), hang (never answers),
crash (exits with code 3), grow (adds tool 'extra' and sends notifications/tools/list_changed).
Each start appends a line to $STARTS_FILE; each notifications/cancelled appends its requestId to $CANCELLED_FILE.
"""
import json
import os
import sys

def append(var, text):
    path = os.environ.get(var)
    if path:
        with open(path, "a") as f:
            f.write(text + "\n")

TOOLS = [
    {"name": "ping", "description": "Answers pong", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "whoami", "description": "Echoes the calling agent", "inputSchema": {"type": "object"}},
    {"name": "hang", "description": "Never answers", "inputSchema": {"type": "object"}},
    {"name": "crash", "description": "Exits", "inputSchema": {"type": "object"}},
    {"name": "grow", "description": "Adds a tool", "inputSchema": {"type": "object"}},
]

def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()

def result(mid, res):
    send({"jsonrpc": "2.0", "id": mid, "result": res})

def text(mid, t, is_error=False):
    result(mid, {"content": [{"type": "text", "text": t}], "isError": is_error})

append("STARTS_FILE", str(os.getpid()))
print("fault server starting", file=sys.stderr, flush=True)
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    msg = json.loads(line)
    method, mid = msg.get("method"), msg.get("id")
    params = msg.get("params") or {}
    if method == "initialize":
        result(mid, {"protocolVersion": params.get("protocolVersion", "2025-06-18"),
                     "capabilities": {"tools": {"listChanged": True}},
                     "serverInfo": {"name": "fault-server", "version": "1.0"}})
    elif method == "notifications/cancelled":
        append("CANCELLED_FILE", str(params.get("requestId")))
    elif method == "tools/list":
        result(mid, {"tools": TOOLS})
    elif method == "tools/call":
        name = params.get("name")
        if name == "ping":
            text(mid, "pong")
        elif name == "whoami":
            text(mid, "agent=" + str((params.get("_meta") or {}).get("agent_id")))
        elif name == "hang":
            pass
        elif name == "crash":
            sys.exit(3)
        elif name == "grow":
            TOOLS.append({"name": "extra", "description": "Added later", "inputSchema": {"type": "object"}})
            text(mid, "grown")
            send({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
            send({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
        else:
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32602, "message": "unknown tool " + str(name)}})
    elif mid is not None:
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "no " + str(method)}})
