/**
 * Hook SPI: code that runs at fixed points of an agent turn and may let it continue, block it,
 * rewrite the inbound text, or override a tool call's arguments.
 *
 * <p>Hooks for one point run sequentially by ascending {@code nexo.hook.priority} (then
 * registration order). A hook that fails or times out counts as "continue": extension misbehaviour
 * must not take down agent flow.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.hook;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
