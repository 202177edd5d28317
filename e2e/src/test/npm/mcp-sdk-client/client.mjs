// Drives Nexo's MCP server with the official MCP TypeScript SDK client and prints one JSON
// object with what happened, for the Java end-to-end test to assert on.
//   node client.mjs http  <url> <token> <allowedTool> <argsJson> <otherTool>
//   node client.mjs stdio <command> <argsJsonArray> <allowedTool> <argsJson> <otherTool>   (token via NEXO_AGENT_TOKEN)
//   node client.mjs connect <url> <token>   (only connects: for refused credentials)
//   node client.mjs watch <url> <token> <timeoutMs>   (prints {"ready":…} once the SDK's GET event stream is open,
//     then one JSON line when notifications/tools/list_changed arrives, or after the timeout)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [mode, ...rest] = process.argv.slice(2);

// resolved when the SDK's own GET /mcp (the server-initiated event stream) is answered 200
let streamOpened;
const streamOpen = new Promise((resolve) => (streamOpened = resolve));
const watchingFetch = async (url, init) => {
  const response = await fetch(url, init);
  if ((init?.method ?? "GET") === "GET" && response.ok) {
    streamOpened(response.headers.get("content-type"));
  }
  return response;
};

function transport() {
  if (mode === "http" || mode === "connect" || mode === "watch") {
    const [url, token] = rest;
    return new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
      fetch: watchingFetch,
    });
  }
  const [command, args] = rest;
  return new StdioClientTransport({ command, args: JSON.parse(args), env: { ...process.env }, stderr: "inherit" });
}

function errorOf(e) {
  return { name: e?.constructor?.name, code: e?.code, message: String(e?.message ?? e), data: e?.data ?? null };
}

const out = { mode };
const client = new Client({ name: "nexo-e2e", version: "1.0.0" });
let listChanged;
const changed = new Promise((resolve) => (listChanged = resolve));
client.setNotificationHandler(ToolListChangedNotificationSchema, () => listChanged(true));
try {
  await client.connect(transport());
  out.connected = true;
  out.serverVersion = client.getServerVersion();
  out.protocolVersion = client.transport?.protocolVersion ?? null;
} catch (e) {
  out.connected = false;
  out.connectError = errorOf(e);
  console.log(JSON.stringify(out));
  process.exit(0);
}
const timeout = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
if (mode === "watch") {
  const ms = Number(rest[2] ?? 30000);
  out.streamContentType = await Promise.race([streamOpen, timeout(ms, null)]);
  out.tools = (await client.listTools()).tools.map((t) => t.name);
  console.log(JSON.stringify({ ready: out.streamContentType !== null, tools: out.tools }));
  out.listChanged = await Promise.race([changed, timeout(ms, false)]);
  if (out.listChanged) {
    out.toolsAfter = (await client.listTools()).tools.map((t) => t.name);
  }
} else if (mode !== "connect") {
  const [allowed, argsJson, other] = mode === "http" ? rest.slice(2) : rest.slice(2);
  const listed = await client.listTools();
  out.tools = listed.tools.map((t) => t.name);
  out.schemas = Object.fromEntries(listed.tools.map((t) => [t.name, t.inputSchema]));
  try {
    out.call = await client.callTool({ name: allowed, arguments: JSON.parse(argsJson) });
  } catch (e) {
    out.callError = errorOf(e);
  }
  try {
    out.other = await client.callTool({ name: other, arguments: {} });
  } catch (e) {
    out.otherError = errorOf(e);
  }
  out.ping = await client.ping();
}
await client.close();
console.log(JSON.stringify(out));
