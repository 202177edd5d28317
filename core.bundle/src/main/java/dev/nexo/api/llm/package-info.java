/**
 * LLM provider SPI: chat completion with tools, streaming, token usage and typed errors.
 *
 * <p>Implement {@link dev.nexo.api.llm.LlmProvider} (one component per provider, e.g. OpenAI-compatible,
 * Anthropic, Gemini), mark it {@link dev.nexo.api.llm.LlmProviderId @LlmProviderId}, and fail with
 * {@link dev.nexo.api.llm.LlmException} so the runtime can decide whether to retry, fall back or
 * give up. Request and response types mirror the plugin contract's {@code llm.chat} shapes; tool
 * schemas and tool-call arguments are raw JSON text.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.llm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
