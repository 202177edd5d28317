/**
 * Memory SPI: long-term memory backends and embedding models.
 *
 * <p>Every {@link dev.nexo.api.memory.MemoryStore} method takes a
 * {@link dev.nexo.api.memory.MemoryScope} (tenant + agent) that has no wildcard form, so one agent
 * can never read or write another agent's memories through this API. Recall returns records
 * without scores: ranking stays inside the backend and never reaches an LLM.
 */
@Export
@Version("1.1.0")
package dev.nexo.api.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
