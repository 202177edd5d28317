// Drives Nexo's MCP server with the official MCP TypeScript SDK client and prints one JSON
// object with what happened, for the Java end-to-end test to assert on.
//   node client.mjs http  <url> <token> <allowedTool> <argsJson> <otherTool>
//   node client.mjs stdio <command> <argsJsonArray> <allowedTool> <argsJson> <otherTool>   (token via NEXO_AGENT_TOKEN)
//   node client.mjs connect <url> <token>   (only connects: for refused credentials)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [mode, ...rest] = process.argv.slice(2);

function transport() {
  if (mode === "http" || mode === "connect") {
    const [url, token] = rest;
    return new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
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
if (mode !== "connect") {
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
