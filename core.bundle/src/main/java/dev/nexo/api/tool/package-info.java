/**
 * Tool SPI: functions an agent's LLM may call. Register a {@link dev.nexo.api.tool.Tool} service;
 * the core's tool registry hides it from agents not allowed to use it, checks grants (write and
 * execute tools pend for a human), audits every call and passes a {@link dev.nexo.api.tool.ToolContext}
 * that carries the wire {@code _meta} block (agent, session, binding and inbound context).
 */
@Export
@Version("1.1.0")
package dev.nexo.api.tool;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
