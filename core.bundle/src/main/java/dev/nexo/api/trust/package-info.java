/**
 * The trust model: capabilities with a sensitivity, grants with a trust window, and the policy
 * service the core implements to decide every privileged call (default deny).
 *
 * <p>Standing is decided by sensitivity, not origin: read grants may stand (1h, 1d, 7d,
 * until-revoked), write grants stand only after a human approved them, and execute is never
 * standing — it is approved per use ({@link dev.nexo.api.trust.TrustWindow#ONCE}).
 * {@link dev.nexo.api.trust.TrustPolicy} is implemented only by Nexo itself; extensions call it.
 *
 * <p>Since 1.1: the durable {@link dev.nexo.api.trust.AuditLog}, the channel-sender
 * {@link dev.nexo.api.trust.PairingService}, the {@link dev.nexo.api.trust.AdminCredential} (the
 * connection-key as a service, for checks and rotation without exposing the key),
 * {@link dev.nexo.api.trust.TrustPolicy#purgeGrants re-gating} of reconfigured targets, and
 * {@link dev.nexo.api.trust.RequireNexoCapability} with {@link dev.nexo.api.trust.NexoCapabilities}
 * for manifest capabilities the core's resolver hook enforces.
 *
 * <p>Since 1.2: the {@link dev.nexo.api.trust.SecretResolver}, the first real service hidden
 * behind the {@code secrets} capability.
 * <p>Also since 1.2: {@link dev.nexo.api.trust.AgentCredentials} checks agent tokens for agent-facing
 * surfaces outside the auth bundle (the MCP server), returning an {@link dev.nexo.api.trust.AgentPrincipal}.
 */
@Export
@Version("1.2.0")
package dev.nexo.api.trust;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
